import { SummonsAcknowledged, WhistleBlown } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

const SUPERVISOR = as({ role: 'supervisor', subject: 'sup-1' });
const POLICE = 'ganzhou-traffic-police';
const JUDICIAL = 'shangqin-judicial-office';
const DAY = '2026-11-02';
/** `hh:mm` on the scripted day, or a full `yyyy-mm-ddThh:mm`. */
const at = (time: string) => new Date(time.includes('T') ? `${time}:00Z` : `${DAY}T${time}:00Z`);

/**
 * Scorecards from a scripted morning of whistles, checked against figures computed by hand
 * (below, next to each whistle). Deadlines are in the past, so the timers breach at once: the
 * verdicts must come from the stored times, not from when a timer ran.
 */
describe('sla-timer scorecards (real PostgreSQL and Kafka)', () => {
  let sla: RunningService;
  const script = new Script(() => sla);
  const call = (path: string, caller: Record<string, string> = SUPERVISOR) =>
    http(sla.baseUrl, 'GET', path, undefined, caller);

  async function whistle(
    caseId: string,
    centerId: string,
    blownAt: string,
    deadline: string,
    answers: Record<string, { ack?: string; arrive?: string }>,
  ) {
    const whistleId = uuidv7();
    const summons = Object.keys(answers).map((departmentId) => ({
      summonsId: uuidv7(),
      departmentId,
      departmentName: departmentId === POLICE ? 'Ganzhou traffic police' : 'Shangqin judicial office',
      departmentKind: departmentId === POLICE ? 'traffic_police' : 'judicial_office',
    }));
    await script.publish(WhistleBlown, 'whistles', caseId, {
      whistleId,
      caseNo: `ALZ-${caseId.slice(-6)}`,
      centerId,
      disputeType: 'road_traffic',
      urgency: 'urgent',
      reason: null,
      blownAt: at(blownAt).toISOString(),
      arrivalDeadline: at(deadline).toISOString(),
      slaSeconds: 1800,
      summons,
    });
    for (const s of summons) {
      const answer = answers[s.departmentId];
      if (answer.ack)
        await script.publish(SummonsAcknowledged, 'department-responses', caseId, {
          summonsId: s.summonsId,
          whistleId,
          departmentId: s.departmentId,
          acknowledgedAt: at(answer.ack).toISOString(),
        });
      if (answer.arrive) await script.arrive(caseId, whistleId, s, at(answer.arrive));
    }
  }

  beforeAll(async () => {
    sla = await startService(
      'sla-timer',
      (config) =>
        AppModule.forRoot(config, {
          settings: { timers: { pollCapMs: 500, sweepIntervalMs: 1000, batchSize: 100, enabled: true } },
        }),
      SLA_TIMER_DESCRIPTION,
    );
    const village = await script.registerCase();
    const village2 = await script.registerCase();
    const town = await script.registerCase();
    // W1, 08:00 → 08:30. Police: ack 2 min, arrives 20 min (on time). Judicial: ack 5 min,
    // arrives 40 min (late: a breach).
    await whistle(village, 'anlizha-village', '08:00', '08:30', {
      [POLICE]: { ack: '08:02', arrive: '08:20' },
      [JUDICIAL]: { ack: '08:05', arrive: '08:40' },
    });
    // W2, 09:00 → 09:30. Police: ack 4 min, arrives at the deadline itself (on time). Judicial:
    // never answers (a breach).
    await whistle(village2, 'anlizha-village', '09:00', '09:30', {
      [POLICE]: { ack: '09:04', arrive: '09:30' },
      [JUDICIAL]: {},
    });
    // W3 (another center), 09:10 → 09:40. Police: ack 6 min, arrives 45 min (late).
    await whistle(town, 'shangqin-town', '09:10', '09:40', { [POLICE]: { ack: '09:16', arrive: '09:55' } });
    // Outside the period (the day before): must not count.
    await whistle(town, 'shangqin-town', '2026-11-01T09:00', '2026-11-01T09:30', {
      [POLICE]: { ack: '2026-11-01T09:01', arrive: '2026-11-01T09:10' },
    });
  });

  afterAll(async () => {
    await script.stop();
    await sla?.close();
  });

  /**
   * The scorecard once every scripted event is applied (events arrive asynchronously): waits for
   * the expected items, and on timeout answers the last body so the assertion shows the diff.
   */
  async function settled(path: string, expected: unknown[]) {
    let last: { items?: unknown } | undefined;
    await waitFor('every scripted answer to be recorded', async () => {
      last = (await call(path)).body;
      return JSON.stringify(last?.items) === JSON.stringify(expected);
    }).catch(() => undefined);
    return last;
  }

  const period = `from=${DAY}T00:00:00Z&to=2026-11-03T00:00:00Z`;

  it('per department: counts, rates and p50/p90 match the hand-computed figures', async () => {
    const expected = [
      {
        id: POLICE,
        name: 'Ganzhou traffic police',
        summons: 3,
        acknowledged: 3,
        arrived: 3,
        arrivedOnTime: 2,
        breaches: 1,
        responseRate: 1,
        onTimeRate: 0.6667,
        // acks 120, 240, 360 s; arrivals 1200, 1800, 2700 s (nearest rank)
        timeToAcknowledgeSeconds: { p50: 240, p90: 360 },
        timeToArriveSeconds: { p50: 1800, p90: 2700 },
      },
      {
        id: JUDICIAL,
        name: 'Shangqin judicial office',
        summons: 2,
        acknowledged: 1,
        arrived: 1,
        arrivedOnTime: 0,
        breaches: 2,
        responseRate: 0.5,
        onTimeRate: 0,
        timeToAcknowledgeSeconds: { p50: 300, p90: 300 },
        timeToArriveSeconds: { p50: 2400, p90: 2400 },
      },
    ];
    const body = await settled(`/scorecards/departments?${period}`, expected);
    expect(body).toEqual({
      from: '2026-11-02T00:00:00.000Z',
      to: '2026-11-03T00:00:00.000Z',
      items: expected,
    });
  });

  it('per center: the same arithmetic over the cases of each center', async () => {
    const expected = [
      {
        id: 'anlizha-village',
        name: 'anlizha-village',
        summons: 4,
        acknowledged: 3,
        arrived: 3,
        arrivedOnTime: 2,
        breaches: 2,
        responseRate: 0.75,
        onTimeRate: 0.5,
        // acks 120, 240, 300 s; arrivals 1200, 1800, 2400 s
        timeToAcknowledgeSeconds: { p50: 240, p90: 300 },
        timeToArriveSeconds: { p50: 1800, p90: 2400 },
      },
      {
        id: 'shangqin-town',
        name: 'shangqin-town',
        summons: 1,
        acknowledged: 1,
        arrived: 1,
        arrivedOnTime: 0,
        breaches: 1,
        responseRate: 1,
        onTimeRate: 0,
        timeToAcknowledgeSeconds: { p50: 360, p90: 360 },
        timeToArriveSeconds: { p50: 2700, p90: 2700 },
      },
    ];
    const body = await settled(`/scorecards/centers?${period}`, expected);
    expect(body?.items).toEqual(expected);
  });

  it('a period that ends before it starts is a 400 naming `from`; a malformed date names its field', async () => {
    const backwards = await call(`/scorecards/departments?from=2026-11-03T00:00:00Z&to=2026-11-02T00:00:00Z`);
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('from');
    const malformed = await call(`/scorecards/centers?to=yesterday`);
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('to');
  });

  it('a liaison may not read scorecards', async () => {
    const res = await call(
      `/scorecards/departments?${period}`,
      as({ role: 'liaison', subject: 'l-1', departmentId: POLICE }),
    );
    expect(res.status).toBe(403);
  });
});
