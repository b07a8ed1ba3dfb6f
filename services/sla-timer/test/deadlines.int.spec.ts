import { DeadlineCancelled, DeadlineScheduled, createEvent, type PayloadOf } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import {
  ConsumedBatches,
  TopicObserver,
  http,
  startService,
  waitFor,
  type RunningService,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';
import { DeadlineEventHandlers } from '../src/application/track-deadlines/deadline-events.handlers';
import { Script } from './support';

/**
 * The generic timer API other services use (mediation levels, the confirmation window, the
 * court's ruling period): DeadlineScheduled in, DeadlineReached out, once, on real PostgreSQL
 * and Kafka.
 */
describe('sla-timer generic deadlines (real PostgreSQL and Kafka)', () => {
  let sla: RunningService;
  let observer: TopicObserver;
  let batches: ConsumedBatches;
  const script = new Script(() => sla);
  const query = (sql: string, params: unknown[] = []) => sla.app.get(DataSource).query(sql, params);

  const reachedOf = (deadlineId: string) =>
    observer.messages.filter(
      (m) => m.json?.type === 'DeadlineReached' && m.json.payload.deadlineId === deadlineId,
    );
  const timerOf = async (deadlineId: string) =>
    (
      await query(`SELECT state, generation, due_at FROM timers WHERE kind = 'deadline' AND subject = $1`, [
        deadlineId,
      ])
    )[0];

  function scheduled(caseId: string, payload: PayloadOf<typeof DeadlineScheduled>) {
    return createEvent(DeadlineScheduled, {
      id: uuidv7(),
      occurredAt: new Date(),
      caseId,
      correlationId: caseId,
      actor: { role: 'system', id: payload.owner },
      payload,
    });
  }
  function cancelled(caseId: string, deadlineId: string, owner: string) {
    return createEvent(DeadlineCancelled, {
      id: uuidv7(),
      occurredAt: new Date(),
      caseId,
      correlationId: caseId,
      actor: { role: 'system', id: owner },
      payload: { deadlineId, owner },
    });
  }
  /** A mediation level deadline, due in an hour unless said otherwise. */
  const levelDeadline = (deadlineId: string, dueAt = new Date(Date.now() + 3_600_000)) => ({
    deadlineId,
    owner: 'mediation',
    kind: 'mediation.level',
    subjectId: `mediation-${deadlineId.slice(-4)}`,
    dueAt: dueAt.toISOString(),
    context: {},
  });
  const send = (caseId: string, event: object) =>
    script.raw.send(sla.topic('sla'), caseId, JSON.stringify(event));

  beforeAll(async () => {
    sla = await startService(
      'sla-timer',
      (config) =>
        AppModule.forRoot(config, {
          settings: { timers: { pollCapMs: 1000, sweepIntervalMs: 1000, batchSize: 100, enabled: true } },
        }),
      SLA_TIMER_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [sla.topic('sla')]).start();
    batches = ConsumedBatches.start(sla, sla.app.get(DeadlineEventHandlers));
  });

  afterAll(async () => {
    batches?.stop();
    await observer?.stop();
    await script.stop();
    await sla?.close();
  });

  it('a scheduled deadline is reached once, addressed to its owner, even when the request is delivered twice', async () => {
    const caseId = uuidv7();
    const deadlineId = uuidv7();
    const dueAt = new Date(Date.now() + 1500);
    const event = scheduled(caseId, {
      deadlineId,
      owner: 'mediation',
      kind: 'mediation.level',
      subjectId: 'mediation-1',
      dueAt: dueAt.toISOString(),
      context: { level: 2 },
    });
    await send(caseId, event);
    await send(caseId, event); // the same message again: the inbox makes it one schedule

    const reached = await observer.waitForMessage(
      'DeadlineReached',
      (m) => m.json?.type === 'DeadlineReached' && m.json.payload.deadlineId === deadlineId,
      { timeoutMs: 15000 },
    );
    expect(reached.json).toMatchObject({
      caseId,
      correlationId: caseId,
      causationId: event.id,
      actor: { role: 'system', id: 'sla-timer' },
      payload: {
        deadlineId,
        owner: 'mediation',
        kind: 'mediation.level',
        subjectId: 'mediation-1',
        dueAt: dueAt.toISOString(),
        context: { level: 2 },
      },
    });
    expect(new Date(reached.json.payload.firedAt).getTime()).toBeGreaterThanOrEqual(dueAt.getTime());
    expect(await timerOf(deadlineId)).toMatchObject({ state: 'fired', generation: 1 });
    // Once: the outbox holds exactly one DeadlineReached for it (what the relay publishes).
    const [{ count }] = await query(
      `SELECT count(*)::int AS count FROM outbox WHERE event_type = 'DeadlineReached' AND envelope->'payload'->>'deadlineId' = $1`,
      [deadlineId],
    );
    expect(count).toBe(1);
    expect(reachedOf(deadlineId)).toHaveLength(1);
  });

  it('a re-schedule replaces the due time; only the new one is reached', async () => {
    const caseId = uuidv7();
    const deadlineId = uuidv7();
    const base = {
      deadlineId,
      owner: 'judicial-confirmation',
      kind: 'confirmation.window',
      subjectId: 'req-1',
      context: {},
    };
    const far = new Date(Date.now() + 3_600_000);
    await send(caseId, scheduled(caseId, { ...base, dueAt: far.toISOString() }));
    await waitFor('the far deadline to be armed', async () => (await timerOf(deadlineId))?.state === 'armed');
    const soon = new Date(Date.now() + 1000);
    await send(caseId, scheduled(caseId, { ...base, dueAt: soon.toISOString() }));
    await observer.waitForMessage(
      'the re-scheduled deadline',
      (m) => m.json?.type === 'DeadlineReached' && m.json.payload.deadlineId === deadlineId,
      { timeoutMs: 15000 },
    );
    expect(reachedOf(deadlineId).map((m) => m.json.payload.dueAt)).toEqual([soon.toISOString()]);
    expect(await timerOf(deadlineId)).toMatchObject({ state: 'fired', generation: 2 });
  });

  it('only its owner can cancel a deadline; a cancelled one is never reached', async () => {
    const caseId = uuidv7();
    const deadlineId = uuidv7();
    await send(
      caseId,
      scheduled(caseId, {
        deadlineId,
        owner: 'mediation',
        kind: 'mediation.level',
        subjectId: 'mediation-2',
        dueAt: new Date(Date.now() + 4000).toISOString(),
        context: {},
      }),
    );
    await waitFor('the deadline to be armed', async () => (await timerOf(deadlineId))?.state === 'armed');
    const cancel = (owner: string) => cancelled(caseId, deadlineId, owner);
    const foreign = cancel('judicial-confirmation');
    await send(caseId, foreign);
    await waitFor(
      'the foreign cancel to be handled',
      async () => (await query('SELECT 1 FROM inbox WHERE event_id = $1', [foreign.id])).length === 1,
    );
    expect((await timerOf(deadlineId)).state).toBe('armed');

    await send(caseId, cancel('mediation'));
    await waitFor(
      'the deadline to be cancelled',
      async () => (await timerOf(deadlineId))?.state === 'cancelled',
    );
    // A deadline due after this one, scheduled after the cancel, proves the engine went past the
    // cancelled due time without reaching it.
    const later = uuidv7();
    await send(
      caseId,
      scheduled(caseId, {
        deadlineId: later,
        owner: 'mediation',
        kind: 'mediation.level',
        subjectId: 'mediation-3',
        dueAt: new Date(Date.now() + 5000).toISOString(),
        context: {},
      }),
    );
    await observer.waitForMessage(
      'the later deadline',
      (m) => m.json?.type === 'DeadlineReached' && m.json.payload.deadlineId === later,
      { timeoutMs: 20000 },
    );
    expect(reachedOf(deadlineId)).toHaveLength(0);
  });

  it('exposes fire lateness as a Prometheus histogram by timer kind', async () => {
    const res = await http(sla.baseUrl, 'GET', '/metrics');
    expect(res.status).toBe(200);
    const lines = String(res.body).split('\n');
    const sample = (name: string, ...labels: string[]) =>
      lines.find((l) => l.startsWith(`${name}{`) && labels.every((label) => l.includes(label)));
    expect(sample('chuishao_timer_lateness_seconds_bucket', 'le="0.2"', 'kind="deadline"')).toBeDefined();
    const count = sample('chuishao_timer_lateness_seconds_count', 'kind="deadline"');
    expect(Number(count?.split(' ').pop())).toBeGreaterThanOrEqual(3);
    expect(
      Number(sample('chuishao_timers_fired_total', 'kind="deadline"')?.split(' ').pop()),
    ).toBeGreaterThanOrEqual(3);
  });

  it('arms a batch of schedules in one statement with its inbox rows, the last schedule of a deadline standing', async () => {
    const caseId = uuidv7();
    const [a, b] = [uuidv7(), uuidv7()];
    const later = new Date(Date.now() + 7_200_000);
    const { answer, sent } = await batches.consumeCounting([
      scheduled(caseId, levelDeadline(a)),
      scheduled(caseId, levelDeadline(b)),
      scheduled(caseId, levelDeadline(a, later)),
    ]);
    expect(answer).toEqual(['handled', 'handled', 'handled']);
    expect(sent).toHaveLength(1);
    expect(await timerOf(a)).toMatchObject({ state: 'armed', generation: 1, due_at: later });
    expect(await timerOf(b)).toMatchObject({ state: 'armed', generation: 1 });
  });

  it('a cancel in the batch of its schedule finds the deadline armed, and cancels it', async () => {
    const caseId = uuidv7();
    const deadlineId = uuidv7();
    const { answer } = await batches.consumeCounting([
      scheduled(caseId, levelDeadline(deadlineId)),
      cancelled(caseId, deadlineId, 'mediation'),
    ]);
    expect(answer).toEqual(['handled', 'handled']);
    expect(await timerOf(deadlineId)).toMatchObject({ state: 'cancelled', generation: 2 });
  });
});
