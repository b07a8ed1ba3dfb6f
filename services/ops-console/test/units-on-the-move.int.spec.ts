import {
  DepartmentArrived,
  DepartmentDepartureReported,
  DepartmentEnRouteReported,
} from '@chuishao/contracts';
import { as, http, startService, type Json, type RunningService } from '@chuishao/testing';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

const supervisor = as({ role: 'supervisor', subject: 'supervisor-1' });

/**
 * Units on the move (issue 20 item 4) on the SLA board: a department on the way shows its ETA (the
 * latest of its revisions, whatever order they came in) until it is on site; its departure from the
 * scene is kept; both in the case's timeline. The departments are played by the test.
 */
describe('ops-console: departments on the way, on the board (real PostgreSQL and Kafka)', () => {
  let consoleService: RunningService;
  const script = new Script(() => consoleService);
  const summonsOnBoard = async (summonsId: string): Promise<Json | undefined> => {
    const board = (await http(consoleService.baseUrl, 'GET', '/api/board', undefined, supervisor)).body;
    return board.whistles.flatMap((w: Json) => w.summons).find((s: Json) => s.summonsId === summonsId);
  };

  beforeAll(async () => {
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config),
      OPS_CONSOLE_DESCRIPTION,
    );
  });

  afterAll(async () => {
    await script.raw.stop();
    await consoleService?.close();
  });

  it('shows the latest ETA while on the way, none once on site, and when it left', async () => {
    const { caseId } = await script.registerCase();
    const deadline = new Date(Date.now() + 1_800_000);
    const { whistleId, summons } = await script.blow(caseId, deadline, [
      ['ganzhou-traffic-police', '交警'],
      ['shangqin-judicial-office', '司法所'],
    ]);
    const [traffic] = summons;
    const facts = { summonsId: traffic!.summonsId, whistleId, departmentId: traffic!.departmentId };
    const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
    const later = inMinutes(25);
    // The revision (later ETA) is published first: the board keeps it whatever the order.
    await script.publish(DepartmentEnRouteReported, caseId, {
      ...facts,
      reportedAt: inMinutes(1),
      etaAt: later,
    });
    await script.publish(DepartmentEnRouteReported, caseId, {
      ...facts,
      reportedAt: inMinutes(0),
      etaAt: inMinutes(15),
    });
    await script.handled();
    expect(await summonsOnBoard(traffic!.summonsId)).toMatchObject({
      status: 'notified',
      enRoute: { etaAt: later },
      leftAt: null,
    });
    expect((await summonsOnBoard(summons[1]!.summonsId))?.enRoute).toBeNull();

    await script.publish(DepartmentArrived, caseId, {
      ...facts,
      arrivedAt: inMinutes(20),
      note: null,
      location: null,
    });
    const leftAt = inMinutes(60);
    await script.publish(DepartmentDepartureReported, caseId, { ...facts, leftAt });
    await script.handled();
    expect(await summonsOnBoard(traffic!.summonsId)).toMatchObject({
      status: 'arrived',
      enRoute: null,
      leftAt,
    });

    const file = (await http(consoleService.baseUrl, 'GET', `/api/cases/${caseId}`, undefined, supervisor))
      .body;
    expect(file.timeline.map((t: Json) => t.type)).toEqual(
      expect.arrayContaining(['DepartmentEnRouteReported', 'DepartmentDepartureReported']),
    );
  });

  it('flags a department that reported on site far from the case’s place, with the distance', async () => {
    const { caseId } = await script.registerCase(undefined, undefined, {
      address: '安立寨村二社',
      location: { latitude: 34.5812, longitude: 105.7241 },
    });
    const { whistleId, summons } = await script.blow(caseId, new Date(Date.now() + 1_800_000), [
      ['ganzhou-traffic-police', '交警'],
      ['shangqin-judicial-office', '司法所'],
    ]);
    const [far, near] = summons;
    const arrived = (s: typeof far, latitude: number) =>
      script.publish(DepartmentArrived, caseId, {
        summonsId: s!.summonsId,
        whistleId,
        departmentId: s!.departmentId,
        arrivedAt: new Date().toISOString(),
        note: null,
        location: { latitude, longitude: 105.7241, accuracyMeters: 15 },
      });
    await arrived(far, 34.5912); // about 1.1 km north
    await arrived(near, 34.5813);
    await script.handled();
    const file = (await http(consoleService.baseUrl, 'GET', `/api/cases/${caseId}`, undefined, supervisor))
      .body;
    const away = Object.fromEntries(file.summons.map((s: Json) => [s.departmentId, s.awayFromPlaceMeters]));
    expect(away['ganzhou-traffic-police']).toBeGreaterThan(1000);
    expect(away['shangqin-judicial-office']).toBeNull();
  });
});
