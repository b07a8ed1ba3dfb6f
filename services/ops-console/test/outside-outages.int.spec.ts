import {
  CourtOutageDetected,
  CourtOutageEnded,
  DepartmentWebhookOutageDetected,
  OUTSIDE_HEALTH_STREAM_ID,
} from '@chuishao/contracts';
import { as, http, startService, type RunningService } from '@chuishao/testing';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

/**
 * Issue 20 item 7: the outside systems that are down — a department's webhook, a court — are on
 * every reader's SLA board until their
 * outage ends. The departments and judicial-confirmation are played by the test.
 */
describe('ops-console: the outside systems down (real PostgreSQL and Kafka)', () => {
  let consoleService: RunningService;
  const script = new Script(() => consoleService);
  const board = async (role: 'supervisor' | 'operator') =>
    (await http(consoleService.baseUrl, 'GET', '/api/board', undefined, as({ role, subject: `${role}-1` })))
      .body;

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

  it('a webhook and a court down show on the board; the court’s end takes it off', async () => {
    const courtSilentSince = '2026-12-04T07:50:00.000Z';
    await script.publish(DepartmentWebhookOutageDetected, OUTSIDE_HEALTH_STREAM_ID, {
      departmentId: 'ganzhou-traffic-police',
      consecutiveFailures: 5,
      lastError: 'timeout',
      failingSince: '2026-12-04T08:00:00.000Z',
    });
    await script.publish(CourtOutageDetected, OUTSIDE_HEALTH_STREAM_ID, {
      courtId: 'court-simulator',
      silentSince: courtSilentSince,
      lastError: 'court court-simulator answered 503',
    });
    await script.handled();

    const seen = await board('supervisor');
    expect(seen.outages).toEqual([
      expect.objectContaining({ party: 'court', partyId: 'court-simulator', since: courtSilentSince }),
      expect.objectContaining({
        party: 'department-webhook',
        partyId: 'ganzhou-traffic-police',
        since: '2026-12-04T08:00:00.000Z',
        lastError: 'timeout',
      }),
    ]);
    // Every center's board: an outage outside concerns them all; none of them sees a case for it.
    const operatorBoard = await board('operator');
    expect(operatorBoard.outages).toHaveLength(seen.outages.length);

    await script.publish(CourtOutageEnded, OUTSIDE_HEALTH_STREAM_ID, {
      courtId: 'court-simulator',
      silentSince: courtSilentSince,
      answeredAt: '2026-12-04T08:20:00.000Z',
    });
    await script.handled();
    expect((await board('supervisor')).outages.map((o: { party: string }) => o.party)).toEqual([
      'department-webhook',
    ]);
    const cases = await http(
      consoleService.baseUrl,
      'GET',
      '/api/cases',
      undefined,
      as({ role: 'ops', subject: 'ops-1' }),
    );
    expect(cases.body.items.map((c: { caseId: string }) => c.caseId)).not.toContain(OUTSIDE_HEALTH_STREAM_ID);
  });
});
