import { FixedClock } from '@chuishao/kernel';
import {
  TopicObserver,
  as,
  http,
  startService,
  waitFor,
  whenHandled,
  type Json,
  type RunningService,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { AS_MEDIATOR, AS_SUPERVISOR, PARTIES, Script, agreementBody, sessionBody } from './support';

const DAY = 86_400;
const REMEDIES = ['judicial-confirmation-then-enforcement', 'litigation'];

/**
 * The agreement's performance (People's Mediation Law art. 31) on real PostgreSQL and Kafka: the
 * deadline kept from the agreement, a check due once it has passed (on the service's clock, moved
 * by the test), not performed → the law's remedies, performed final.
 */
describe("an agreement's performance (real PostgreSQL and Kafka)", () => {
  let mediation: RunningService;
  let observer: TopicObserver;
  const clock = new FixedClock(new Date());
  const script = new Script(() => mediation);

  const query = (sql: string, params: unknown[] = []) => mediation.app.get(DataSource).query(sql, params);
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = AS_MEDIATOR,
  ) => http(mediation.baseUrl, method, path, body, headers);
  const records = async (mediationId: string) =>
    (
      await query('SELECT count(*)::int AS n FROM agreement_performance_records WHERE mediation_id = $1', [
        mediationId,
      ])
    )[0].n as number;
  const emitted = async (caseId: string, type: string): Promise<Json[]> =>
    (
      await query(
        `SELECT envelope FROM outbox WHERE envelope->>'caseId' = $1 AND envelope->>'type' = $2 ORDER BY seq`,
        [caseId, type],
      )
    ).map((r: { envelope: Json }) => r.envelope);

  /** A case mediated by hand to a signed agreement to be performed `dueInDays` from now. */
  async function agreed(dueInDays: number): Promise<{ caseId: string; id: string; deadline: string }> {
    const caseId = await script.registerCase();
    await waitFor(
      'mediation to learn the case',
      async () => (await query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId])).length === 1,
    );
    const opened = await call('POST', `/cases/${caseId}/mediations`, {});
    expect(opened.status).toBe(201);
    const id = opened.body.id as string;
    expect((await call('POST', `/mediations/${id}/sessions`, sessionBody('理'))).status).toBe(201);
    const deadline = new Date(clock.now().getTime() + dueInDays * DAY * 1000).toISOString();
    const agreement = await call(
      'POST',
      `/mediations/${id}/agreement`,
      agreementBody({ performance: { manner: 'Bank transfer to 王某', deadline } }),
    );
    expect(agreement.status).toBe(201);
    return { caseId, id, deadline };
  }

  beforeAll(async () => {
    mediation = await startService(
      'mediation',
      (config) => AppModule.forRoot(config, { clock }),
      MEDIATION_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [mediation.topic('mediation')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await script.stop();
    await mediation?.close();
  });

  it('not performed at the deadline gives the remedies; performed later is final', async () => {
    const { caseId, id, deadline } = await agreed(10);
    const before = await call('GET', `/mediations/${id}`);
    expect(before.body).toMatchObject({
      state: 'agreed',
      performanceDueAt: deadline,
      performanceOutcome: null,
      performanceCheckDue: false,
      performanceRecords: [],
    });

    // Before the deadline the parties still have time: only early performance may be recorded.
    const early = await call('POST', `/mediations/${id}/performance`, { outcome: 'not-performed' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('PERFORMANCE_NOT_DUE');
    const bad = await call('POST', `/mediations/${id}/performance`, { outcome: 'done', note: 7 });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toMatch(/outcome/);
    expect(JSON.stringify(bad.body)).toMatch(/note/);
    expect(await records(id)).toBe(0);

    clock.advanceSeconds(11 * DAY);
    expect((await call('GET', `/mediations/${id}`)).body.performanceCheckDue).toBe(true);

    // Another mediator learns nothing of it; a retry with the same key records nothing twice.
    const stranger = as({ role: 'mediator', subject: 'mediator-li' });
    expect(
      (await call('POST', `/mediations/${id}/performance`, { outcome: 'not-performed' }, stranger)).status,
    ).toBe(404);
    const key = { ...AS_MEDIATOR, 'idempotency-key': `performance-${id}` };
    const body = { outcome: 'not-performed', note: '  李某 has not paid  ' };
    const first = await call('POST', `/mediations/${id}/performance`, body, key);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      mediationId: id,
      outcome: 'not-performed',
      note: '李某 has not paid',
      remedies: REMEDIES,
      recordedBy: 'mediator-zhang',
      recordedAt: clock.now().toISOString(),
    });
    const retry = await call('POST', `/mediations/${id}/performance`, body, key);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(await records(id)).toBe(1);

    // A supervisor of the case's center steps in; then the mediator finds it performed.
    const partly = await call(
      'POST',
      `/mediations/${id}/performance`,
      { outcome: 'partly-performed' },
      AS_SUPERVISOR,
    );
    expect(partly.status).toBe(201);
    expect(partly.body).toMatchObject({ recordedBy: 'supervisor-1', remedies: REMEDIES, note: null });
    clock.advanceSeconds(5 * DAY);
    expect((await call('POST', `/mediations/${id}/performance`, { outcome: 'performed' })).status).toBe(201);
    const final = await call('POST', `/mediations/${id}/performance`, { outcome: 'not-performed' });
    expect(final.status).toBe(409);
    expect(final.body.code).toBe('AGREEMENT_PERFORMED');

    const after = await call('GET', `/mediations/${id}`, undefined, AS_SUPERVISOR);
    expect(after.body).toMatchObject({ performanceOutcome: 'performed', performanceCheckDue: false });
    expect(after.body.performanceRecords.map((r: Json) => [r.outcome, r.recordedBy])).toEqual([
      ['not-performed', 'mediator-zhang'],
      ['partly-performed', 'supervisor-1'],
      ['performed', 'mediator-zhang'],
    ]);

    const events = await emitted(caseId, 'AgreementPerformanceRecorded');
    expect(events.map((e) => e.payload.outcome)).toEqual(['not-performed', 'partly-performed', 'performed']);
    expect(events[0]!.payload).toEqual({
      performanceId: first.body.id,
      mediationId: id,
      agreementId: after.body.agreementId,
      outcome: 'not-performed',
      note: '李某 has not paid',
      performanceDeadline: deadline,
      remedies: REMEDIES,
      recordedBy: 'mediator-zhang',
      recordedAt: first.body.recordedAt,
    });
    expect(events[2]!.payload.remedies).toEqual([]);
    const audited = await query(
      `SELECT actor_id FROM audit_log WHERE action = 'AgreementPerformanceRecorded' AND case_id = $1 ORDER BY id`,
      [caseId],
    );
    expect(audited.map((r: { actor_id: string }) => r.actor_id)).toEqual([
      'mediator-zhang',
      'supervisor-1',
      'mediator-zhang',
    ]);
    await waitFor(
      'the three records on the mediation topic',
      () =>
        observer.events('AgreementPerformanceRecorded').filter((e: Json) => e.caseId === caseId).length === 3,
    );
  });

  it('its deadline is timed on sla-timer: when it comes unperformed the check falls due; performed, it is cancelled', async () => {
    const { caseId, id, deadline } = await agreed(7);
    const [scheduled] = (await emitted(caseId, 'DeadlineScheduled')).filter(
      (e) => e.payload.kind === 'mediation.performance',
    );
    expect(scheduled!.payload).toMatchObject({ owner: 'mediation', subjectId: id, dueAt: deadline });

    // Early by the service's clock (sla-timer's clock ahead): nothing falls due yet.
    const early = script.deadlineReached(caseId, scheduled!.payload);
    await script.send(early, 'sla');
    await whenHandled(mediation, early.id);
    expect(await emitted(caseId, 'AgreementPerformanceDeadlinePassed')).toEqual([]);

    clock.advanceSeconds(7 * DAY);
    const reached = script.deadlineReached(caseId, scheduled!.payload);
    await script.send(reached, 'sla');
    await script.send(reached, 'sla'); // redelivered
    await whenHandled(mediation, reached.id);
    const due = await emitted(caseId, 'AgreementPerformanceDeadlinePassed');
    expect(due).toHaveLength(1);
    const { body: agreedMediation } = await call('GET', `/mediations/${id}`);
    expect(due[0]).toMatchObject({
      causationId: reached.id,
      payload: {
        mediationId: id,
        agreementId: agreedMediation.agreementId,
        mediatorId: 'mediator-zhang',
        performanceDeadline: deadline,
        latestOutcome: null,
        dueAt: clock.now().toISOString(),
      },
    });
    await waitFor('the check on the mediation topic', () =>
      observer.events('AgreementPerformanceDeadlinePassed').some((e: Json) => e.caseId === caseId),
    );

    const cancels = async () =>
      (await emitted(caseId, 'DeadlineCancelled')).filter(
        (e) => e.payload.deadlineId === scheduled!.payload.deadlineId,
      ).length;
    expect(await cancels()).toBe(0); // a check that is not final leaves the timer be
    expect((await call('POST', `/mediations/${id}/performance`, { outcome: 'not-performed' })).status).toBe(
      201,
    );
    expect(await cancels()).toBe(0);
    expect((await call('POST', `/mediations/${id}/performance`, { outcome: 'performed' })).status).toBe(201);
    expect(await cancels()).toBe(1);
  });

  it('performed ahead of time: its deadline is cancelled, and a late timer says nothing', async () => {
    const { caseId, id } = await agreed(5);
    const [scheduled] = (await emitted(caseId, 'DeadlineScheduled')).filter(
      (e) => e.payload.kind === 'mediation.performance',
    );
    expect((await call('POST', `/mediations/${id}/performance`, { outcome: 'performed' })).status).toBe(201);
    expect(
      (await emitted(caseId, 'DeadlineCancelled')).filter(
        (e) => e.payload.deadlineId === scheduled!.payload.deadlineId,
      ),
    ).toHaveLength(1);
    clock.advanceSeconds(6 * DAY);
    const late = script.deadlineReached(caseId, scheduled!.payload);
    await script.send(late, 'sla');
    await whenHandled(mediation, late.id);
    expect(await emitted(caseId, 'AgreementPerformanceDeadlinePassed')).toEqual([]);
  });

  it('is recorded ahead of time only as performed, and never on a mediation without an agreement', async () => {
    const { caseId, id } = await agreed(30);
    const early = await call('POST', `/mediations/${id}/performance`, { outcome: 'performed' });
    expect(early.status).toBe(201);
    expect(early.body.remedies).toEqual([]);
    expect((await call('GET', `/mediations/${id}`)).body).toMatchObject({
      performanceOutcome: 'performed',
      performanceCheckDue: false,
    });
    expect((await emitted(caseId, 'AgreementPerformanceRecorded')).length).toBe(1);

    const other = await script.registerCase(PARTIES);
    await waitFor(
      'mediation to learn the case',
      async () => (await query('SELECT 1 FROM known_cases WHERE case_id = $1', [other])).length === 1,
    );
    const open = await call('POST', `/cases/${other}/mediations`, {});
    const refused = await call('POST', `/mediations/${open.body.id}/performance`, { outcome: 'performed' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('MEDIATION_NOT_AGREED');
    expect(await records(open.body.id)).toBe(0);
  });
});
