import { CaseReferred, WhistleBlown } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { TopicObserver, as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

const SUPERVISOR = as({ role: 'supervisor', subject: 'sup-1' });
const OPS = as({ role: 'ops', subject: 'ops-1' });

/**
 * The arrival SLA on real PostgreSQL and Kafka, with second-scale durations: a 2 s warning, a
 * deadline 4 s after the whistle, the second escalation level 2 s after the deadline.
 */
describe('sla-timer (real PostgreSQL and Kafka)', () => {
  let sla: RunningService;
  let observer: TopicObserver;
  const script = new Script(() => sla);

  const query = (sql: string, params: unknown[] = []) => sla.app.get(DataSource).query(sql, params);
  const call = (method: string, path: string, body?: unknown, caller: Record<string, string> = SUPERVISOR) =>
    http(sla.baseUrl, method, path, body, caller);
  /** The events this service emitted about one summons, in the order it committed them. */
  const emitted = async (summonsId: string): Promise<string[]> =>
    (
      await query(`SELECT event_type FROM outbox WHERE envelope->'payload'->>'summonsId' = $1 ORDER BY seq`, [
        summonsId,
      ])
    ).map((r: { event_type: string }) => r.event_type);
  const seen = (summonsId: string) =>
    observer.messages.filter((m) => m.json?.payload?.summonsId === summonsId).map((m) => m.json);
  const timers = async (summonsId: string) =>
    Object.fromEntries(
      (await query('SELECT kind, state FROM timers WHERE subject = $1', [summonsId])).map(
        (r: { kind: string; state: string }) => [r.kind, r.state],
      ),
    );
  const slaOf = async (whistleId: string) => (await call('GET', `/whistles/${whistleId}/sla`)).body;

  beforeAll(async () => {
    sla = await startService(
      'sla-timer',
      (config) =>
        AppModule.forRoot(config, {
          settings: {
            defaultPolicy: { warningSeconds: 2, escalationSeconds: 2, levels: 2 },
            // A longer ladder for one dispute type: level n re-arms its own timer for level n + 1.
            policyOverrides: { neighbour: { levels: 3 } },
            timers: { pollCapMs: 1000, sweepIntervalMs: 1000, batchSize: 100, enabled: true },
          },
        }),
      SLA_TIMER_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [sla.topic('sla')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await script.stop();
    await sla?.close();
  });

  it('a department that never arrives: warning, breach, level 1, level 2, in order, each once', async () => {
    const caseId = await script.registerCase();
    await script.handled();
    expect(await query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId])).toHaveLength(1);
    const { whistleId, summons, arrivalDeadline } = await script.blow(caseId, 4000);
    const [s] = summons;

    await script.handled();
    expect((await slaOf(whistleId)).items[0].state).toBe('running');
    const board = await slaOf(whistleId);
    expect(board.items[0]).toMatchObject({
      summonsId: s.summonsId,
      arrivalDeadline: arrivalDeadline.toISOString(),
      // The SLA_* default, frozen as a v2 ladder: the head at the deadline, one tier up 2 s later.
      policy: {
        version: 2,
        warningSeconds: 2,
        levels: [
          { delaySeconds: 0, target: 'department_head' },
          { delaySeconds: 2, target: 'center_up' },
        ],
        repeat: 0,
      },
    });
    expect(board.items[0].remainingSeconds).toBeGreaterThan(0);
    expect(board.items[0].remainingSeconds).toBeLessThanOrEqual(4);

    await observer.waitForMessage(
      'the level-2 escalation',
      (m) =>
        m.json?.type === 'EscalationRaised' &&
        m.json.payload.summonsId === s.summonsId &&
        m.json.payload.level === 2,
      { timeoutMs: 20000 },
    );
    await waitFor('every timer of the summons to have fired', async () => {
      const t = await timers(s.summonsId);
      return Object.values(t).every((state) => state === 'fired') && Object.keys(t).length === 3 && t;
    });
    const expected = [
      'ArrivalWarningIssued',
      'ArrivalDeadlineBreached',
      'EscalationRaised',
      'EscalationRaised',
    ];
    expect(await emitted(s.summonsId)).toEqual(expected);
    const events = seen(s.summonsId);
    expect(events.map((e) => e.type)).toEqual(expected);
    const [warning, breach, level1, level2] = events;
    expect(warning.payload.secondsRemaining).toBeLessThanOrEqual(2);
    expect(new Date(warning.occurredAt).getTime()).toBeGreaterThanOrEqual(arrivalDeadline.getTime() - 2000);
    expect(new Date(breach.payload.breachedAt).getTime()).toBeGreaterThanOrEqual(arrivalDeadline.getTime());
    expect(level1.payload).toMatchObject({
      level: 1,
      target: { kind: 'department_head', id: 'ganzhou-traffic-police' },
    });
    expect(level2.payload).toMatchObject({ level: 2, target: { kind: 'center', id: 'shangqin-town' } });
    expect(new Date(level2.payload.raisedAt).getTime()).toBeGreaterThanOrEqual(
      arrivalDeadline.getTime() + 2000,
    );
    for (const e of events) {
      expect(e.key ?? caseId).toBe(caseId);
      expect(e.actor).toEqual({ role: 'system', id: 'sla-timer' });
    }
    expect((await slaOf(whistleId)).items[0]).toMatchObject({
      state: 'breached',
      remainingSeconds: null,
      escalationLevel: 2,
    });

    // The breach is on the supervisors' board, with both escalations.
    const open = await call('GET', '/breaches?open=true', undefined, OPS);
    const listed = open.body.items.find((b: { id: string }) => b.id === breach.payload.breachId);
    expect(listed).toMatchObject({ state: 'open', summonsId: s.summonsId });
    expect(listed.escalations.map((e: { level: number }) => e.level)).toEqual([1, 2]);

    // A supervisor takes the level-2 escalation: once (a retry with the same key replays the answer).
    const key = uuidv7();
    const ack = await call(
      'POST',
      `/escalations/${level2.payload.escalationId}/acknowledge`,
      { note: 'on it' },
      {
        ...SUPERVISOR,
        'idempotency-key': key,
      },
    );
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({
      state: 'acknowledged',
      acknowledgedBy: 'sup-1',
      note: 'on it',
      level: 2,
    });
    const replay = await call(
      'POST',
      `/escalations/${level2.payload.escalationId}/acknowledge`,
      { note: 'on it' },
      {
        ...SUPERVISOR,
        'idempotency-key': key,
      },
    );
    expect(replay.status).toBe(200);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const again = await call('POST', `/escalations/${level2.payload.escalationId}/acknowledge`, {});
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('ESCALATION_ALREADY_ACKNOWLEDGED');
    expect((await call('POST', `/escalations/${uuidv7()}/acknowledge`, {})).status).toBe(404);
    const acked = await observer.waitForMessage(
      'EscalationAcknowledged',
      (m) =>
        m.json?.type === 'EscalationAcknowledged' &&
        m.json.payload.escalationId === level2.payload.escalationId,
    );
    expect(acked.json.actor).toEqual({ role: 'supervisor', id: 'sup-1' });
    expect(
      (await query(`SELECT count(*)::int AS n FROM outbox WHERE event_type = 'EscalationAcknowledged'`))[0].n,
    ).toBe(1);
  });

  it('a three-level ladder: each level fires once, up the center path to the district', async () => {
    const caseId = await script.registerCase();
    await script.handled();
    expect(await query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId])).toHaveLength(1);
    const { summons } = await script.blow(caseId, 1000, ['ganzhou-traffic-police'], undefined, 'neighbour');
    const [s] = summons;
    await observer.waitForMessage(
      'the level-3 escalation',
      (m) =>
        m.json?.type === 'EscalationRaised' &&
        m.json.payload.summonsId === s.summonsId &&
        m.json.payload.level === 3,
      { timeoutMs: 20000 },
    );
    await waitFor('the escalation timer to have fired for good', async () => {
      const t = await timers(s.summonsId);
      return t['sla.escalation'] === 'fired' && t;
    });
    const raised = seen(s.summonsId).filter((e) => e.type === 'EscalationRaised');
    expect(raised.map((e) => [e.payload.level, e.payload.target.id])).toEqual([
      [1, 'ganzhou-traffic-police'],
      [2, 'shangqin-town'],
      [3, 'ganzhou-district'],
    ]);
    expect((await emitted(s.summonsId)).filter((t) => t === 'EscalationRaised')).toHaveLength(3);
  });

  it('an arrival before the deadline: no breach, every timer cancelled', async () => {
    const caseId = await script.registerCase();
    const { whistleId, summons } = await script.blow(caseId, 4000);
    const [s] = summons;
    await script.handled();
    expect((await timers(s.summonsId))['sla.arrival-deadline']).toBe('armed');
    await script.arrive(caseId, whistleId, s, new Date());
    await script.handled();
    expect((await slaOf(whistleId)).items[0].state).toBe('met');
    expect(await timers(s.summonsId)).toEqual({
      'sla.arrival-warning': 'cancelled',
      'sla.arrival-deadline': 'cancelled',
    });
    expect(await emitted(s.summonsId)).toEqual([]);
  });

  it('an arrival racing the deadline: the stored on-time arrival wins and the breach is retracted', async () => {
    const caseId = await script.registerCase();
    const { whistleId, summons, arrivalDeadline } = await script.blow(caseId, 2000);
    const [s] = summons;
    const level1 = await observer.waitForMessage(
      'the breach and level 1',
      (m) => m.json?.type === 'EscalationRaised' && m.json.payload.summonsId === s.summonsId,
      { timeoutMs: 20000 },
    );
    // Recorded at 29:59 on the department's side, delivered after the breach fired.
    await script.arrive(caseId, whistleId, s, new Date(arrivalDeadline.getTime() - 1000));
    const retracted = await observer.waitForMessage(
      'BreachRetracted',
      (m) => m.json?.type === 'BreachRetracted' && m.json.payload.summonsId === s.summonsId,
    );
    expect(retracted.json.payload.breachId).toBe(level1.json.payload.breachId);
    expect(await emitted(s.summonsId)).toEqual([
      'ArrivalDeadlineBreached',
      'EscalationRaised',
      'BreachRetracted',
    ]);
    expect(await timers(s.summonsId)).toMatchObject({
      'sla.arrival-deadline': 'fired',
      'sla.escalation': 'cancelled',
    });
    expect((await slaOf(whistleId)).items[0].state).toBe('met');
    const all = await call('GET', '/breaches', undefined, OPS);
    const breach = all.body.items.find((b: { id: string }) => b.id === level1.json.payload.breachId);
    expect(breach).toMatchObject({ state: 'retracted', escalations: [{ level: 1, state: 'withdrawn' }] });
    const open = await call('GET', '/breaches?open=true', undefined, OPS);
    expect(open.body.items.some((b: { id: string }) => b.id === breach.id)).toBe(false);
    const ack = await call('POST', `/escalations/${level1.json.payload.escalationId}/acknowledge`, {});
    expect(ack.status).toBe(409);
    expect(ack.body.code).toBe('ESCALATION_WITHDRAWN');
  });

  it('a late arrival after the breach: the lateness is recorded and the escalation ends', async () => {
    const caseId = await script.registerCase();
    const { whistleId, summons, arrivalDeadline } = await script.blow(caseId, 1000);
    const [s] = summons;
    await observer.waitForMessage(
      'level 1',
      (m) => m.json?.type === 'EscalationRaised' && m.json.payload.summonsId === s.summonsId,
      { timeoutMs: 20000 },
    );
    const arrivedAt = new Date(Math.max(Date.now(), arrivalDeadline.getTime() + 1500));
    await script.arrive(caseId, whistleId, s, arrivedAt);
    const late = await observer.waitForMessage(
      'LateArrivalRecorded',
      (m) => m.json?.type === 'LateArrivalRecorded' && m.json.payload.summonsId === s.summonsId,
    );
    expect(late.json.payload.latenessSeconds).toBe(
      Math.ceil((arrivedAt.getTime() - arrivalDeadline.getTime()) / 1000),
    );
    expect(await timers(s.summonsId)).toMatchObject({ 'sla.escalation': 'cancelled' });
    expect(await emitted(s.summonsId)).toEqual([
      'ArrivalDeadlineBreached',
      'EscalationRaised',
      'LateArrivalRecorded',
    ]);
    expect((await slaOf(whistleId)).items[0]).toMatchObject({ state: 'late', escalationLevel: 1 });
  });

  it('a decline stops the clock; the replacement runs on the deadline of its reassignment', async () => {
    const caseId = await script.registerCase();
    const { whistleId, summons } = await script.blow(caseId, 60000, [
      'ganzhou-traffic-police',
      'shangqin-town-government',
    ]);
    const [, town] = summons;
    await script.handled();
    expect((await timers(town.summonsId))['sla.arrival-deadline']).toBe('armed');
    await script.decline(caseId, whistleId, town);
    await script.handled();
    expect((await timers(town.summonsId))['sla.arrival-deadline']).toBe('cancelled');
    const deadline = new Date(Date.now() + 1500);
    const police = await script.reassign(caseId, whistleId, town, deadline);
    const breach = await observer.waitForMessage(
      "the replacement's breach",
      (m) => m.json?.type === 'ArrivalDeadlineBreached' && m.json.payload.summonsId === police.summonsId,
      { timeoutMs: 20000 },
    );
    expect(breach.json.payload.arrivalDeadline).toBe(deadline.toISOString());
    const board = await slaOf(whistleId);
    expect(
      board.items.map((i: { departmentId: string; state: string }) => [i.departmentId, i.state]),
    ).toEqual([
      ['ganzhou-traffic-police', 'running'],
      ['shangqin-town-government', 'withdrawn'],
      ['shangqin-police-station', 'breached'],
    ]);
  });

  it('an arrival that overtakes its whistle is applied when the whistle comes', async () => {
    const caseId = await script.registerCase();
    const whistleId = uuidv7();
    const summonsId = uuidv7();
    const deadline = new Date(Date.now() + 3000);
    await script.arrive(caseId, whistleId, { summonsId, departmentId: 'ganzhou-traffic-police' }, new Date());
    await script.handled();
    expect(await query('SELECT 1 FROM early_responses WHERE summons_id = $1', [summonsId])).toHaveLength(1);
    await script.publish(WhistleBlown, 'whistles', caseId, {
      whistleId,
      caseNo: 'ALZ-early',
      centerId: 'anlizha-village',
      disputeType: 'road_traffic',
      urgency: 'urgent',
      reason: null,
      blownAt: new Date().toISOString(),
      arrivalDeadline: deadline.toISOString(),
      slaSeconds: 3,
      summons: [
        {
          summonsId,
          departmentId: 'ganzhou-traffic-police',
          departmentName: 'traffic police',
          departmentKind: 'traffic_police',
        },
      ],
    });
    await script.handled();
    expect((await slaOf(whistleId)).items[0].state).toBe('met');
    expect(Object.values(await timers(summonsId)).every((state) => state === 'cancelled')).toBe(true);
  });

  it('reports the SLA on /metrics: breaches by center, arrivals on time and late, open escalations aged, series from zero', async () => {
    const sample = async (name: string, ...labels: string[]) => {
      const lines = String((await http(sla.baseUrl, 'GET', '/metrics')).body).split('\n');
      const line = lines.find(
        (l) => /^[a-z_]+/.exec(l)?.[0] === name && labels.every((label) => l.includes(label)),
      );
      return line === undefined ? undefined : Number(line.split(' ').pop());
    };
    const center = 'center="anlizha-village"';
    const onTime = await script.blow(await script.registerCase(), 60000, ['metrics-on-time-department']);
    await script.arrive(await script.registerCase(), onTime.whistleId, onTime.summons[0], new Date());
    await waitFor(
      'the on-time arrival counted',
      async () =>
        (await sample(
          'chuishao_arrivals_total',
          center,
          'department="metrics-on-time-department"',
          'outcome="on_time"',
        )) === 1,
    );

    // Its other series start at zero when it is summoned, so increase() sees their first step.
    const onTimeDepartment = 'department="metrics-on-time-department"';
    expect(await sample('chuishao_breaches_total', center, onTimeDepartment)).toBe(0);
    expect(await sample('chuishao_arrivals_total', center, onTimeDepartment, 'outcome="late"')).toBe(0);

    const caseId = await script.registerCase();
    const late = await script.blow(caseId, 500, ['metrics-late-department']);
    const department = 'department="metrics-late-department"';
    await waitFor(
      'the breach counted by center and department',
      async () => (await sample('chuishao_breaches_total', center, department)) === 1,
    );
    expect(await sample('chuishao_escalations_open')).toBeGreaterThanOrEqual(1);
    await waitFor(
      'the open escalation to age',
      async () => ((await sample('chuishao_escalation_oldest_open_age_seconds')) ?? 0) > 0,
    );
    await script.arrive(caseId, late.whistleId, late.summons[0], new Date(Date.now() + 1000));
    await waitFor(
      'the late arrival counted',
      async () => (await sample('chuishao_arrivals_total', center, department, 'outcome="late"')) === 1,
    );
    expect(await sample('chuishao_arrival_seconds_count', center, department)).toBe(1);
    expect(await sample('chuishao_arrival_seconds_bucket', center, department, 'le="5"')).toBe(1);
  });

  it('follows a referral: the case sits at the receiving center (libs/persistence KnownCaseCenters)', async () => {
    const caseId = await script.registerCase();
    const town = {
      id: 'shangqin-town',
      name: 'Shangqin',
      tier: 'town' as const,
      path: ['ganzhou-district', 'shangqin-town'],
    };
    await script.publish(CaseReferred, 'cases', caseId, {
      caseNo: `ALZ-${caseId.slice(-6)}`,
      direction: 'up',
      from: {
        id: 'anlizha-village',
        name: 'Anlizha',
        tier: 'village',
        path: [...town.path, 'anlizha-village'],
      },
      to: town,
      reason: 'two villages involved',
      referredAt: new Date().toISOString(),
    });
    await script.handled();
    expect(
      await query('SELECT center_id, center_path FROM known_cases WHERE case_id = $1', [caseId]),
    ).toEqual([{ center_id: 'shangqin-town', center_path: ['ganzhou-district', 'shangqin-town'] }]);
  });
});
