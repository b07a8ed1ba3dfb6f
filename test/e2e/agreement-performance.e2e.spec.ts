import { TopicObserver, as, http, waitFor } from '@chuishao/testing';
import { ANLIZHA_CASE, clerk, ok } from './api';
import { startSystem, type RunningSystem } from './system';

const mediator = as({ role: 'mediator', subject: 'mediator-zhang' });
const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1' });
const PARTIES = ANLIZHA_CASE.parties.map((p) => p.name);
const REMEDIES = ['judicial-confirmation-then-enforcement', 'litigation'];

/**
 * The agreement's performance (People's Mediation Law art. 31) through the real system: intake
 * and mediation as processes on real Kafka and PostgreSQL. A case registered at the window,
 * mediated by hand to an agreement due in a few seconds; not performed is refused before the
 * deadline, recorded after it with the law's remedies, then performed (final); the records
 * arrive on the mediation topic and in the case's trail.
 */
describe("an agreement's performance, end to end (intake and mediation as processes)", () => {
  let system: RunningSystem;
  let observer: TopicObserver;

  beforeAll(async () => {
    system = await startSystem({ services: ['intake', 'mediation'] });
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [system.topic('mediation')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await system?.stop();
  });

  const mediation = (path: string, body?: unknown, headers: Record<string, string> = mediator) =>
    http(system.urls.mediation, body === undefined ? 'GET' : 'POST', path, body, headers);

  /**
   * Registered at the window, opened by hand once mediation knows it, one session, signed: to be
   * performed `dueInMs` after the signing (counted from there, however long the steps before took).
   */
  async function agreedCase(dueInMs: number) {
    const registered = await ok(system.urls.intake, 'POST', '/cases', ANLIZHA_CASE, clerk);
    const opened = await waitFor('mediation to learn of the case and open', async () => {
      const { status, body } = await mediation(`/cases/${registered.id}/mediations`, {});
      return status === 201 && body;
    });
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    await ok(
      system.urls.mediation,
      'POST',
      `/mediations/${opened.id}/sessions`,
      { startedAt: minutesAgo(40), endedAt: minutesAgo(5), participants: PARTIES, level: '理' },
      mediator,
    );
    const signedAt = minutesAgo(1);
    const deadline = new Date(Date.now() + dueInMs);
    const agreement = await ok(
      system.urls.mediation,
      'POST',
      `/mediations/${opened.id}/agreement`,
      {
        facts: 'A road accident on the county road; the applicant’s daughter died.',
        mattersInDispute: [{ category: 'compensation', description: 'compensation for the death' }],
        responsibilities: [{ party: PARTIES[1], responsibility: 'the driver bears the main responsibility' }],
        terms: 'The driver pays 520,000 yuan.',
        amount: 520000,
        performance: { manner: 'bank transfer', deadline: deadline.toISOString() },
        partySignatures: PARTIES.map((party) => ({ party, signedAt })),
        mediatorSignature: { mediator: 'mediator-zhang', signedAt },
      },
      mediator,
    );
    return { caseId: registered.id as string, mediationId: opened.id as string, agreement, deadline };
  }

  it('not performed after the deadline gives the remedies; performed is final; both reach the mediation topic', async () => {
    const { caseId, mediationId, agreement, deadline } = await agreedCase(12_000);
    const performance = `/mediations/${mediationId}/performance`;

    const early = await mediation(performance, { outcome: 'not-performed' });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('PERFORMANCE_NOT_DUE');

    const due = await waitFor('the performance check to be due', async () => {
      const { body } = await mediation(`/mediations/${mediationId}`);
      return body.performanceCheckDue === true && body;
    });
    expect(due).toMatchObject({
      state: 'agreed',
      performanceDueAt: deadline.toISOString(),
      performanceOutcome: null,
    });

    const key = { ...mediator, 'idempotency-key': `performance-${mediationId}` };
    const notPerformed = await mediation(
      performance,
      { outcome: 'not-performed', note: 'nothing paid yet' },
      key,
    );
    expect(notPerformed.status).toBe(201);
    expect(notPerformed.body).toMatchObject({ outcome: 'not-performed', remedies: REMEDIES });
    expect(
      (await mediation(performance, { outcome: 'not-performed', note: 'nothing paid yet' }, key)).body,
    ).toEqual(notPerformed.body);

    const performed = await mediation(performance, { outcome: 'performed' });
    expect(performed.status).toBe(201);
    expect(performed.body.remedies).toEqual([]);
    const again = await mediation(performance, { outcome: 'partly-performed' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('AGREEMENT_PERFORMED');

    const read = (await mediation(`/mediations/${mediationId}`, undefined, supervisor)).body;
    expect(read).toMatchObject({ performanceOutcome: 'performed', performanceCheckDue: false });
    expect(read.performanceRecords.map((r: { outcome: string }) => r.outcome)).toEqual([
      'not-performed',
      'performed',
    ]);

    const onTopic = await waitFor('both records on the mediation topic', () => {
      const seen = observer.messages
        .map((m) => m.json)
        .filter((e) => e?.type === 'AgreementPerformanceRecorded' && e.caseId === caseId);
      return seen.length === 2 && seen;
    });
    expect(onTopic.map((e) => e.payload.outcome)).toEqual(['not-performed', 'performed']);
    expect(onTopic[0].payload).toMatchObject({
      mediationId,
      agreementId: agreement.id,
      performanceDeadline: deadline.toISOString(),
      remedies: REMEDIES,
      recordedBy: 'mediator-zhang',
      note: 'nothing paid yet',
    });
    expect(onTopic[0].actor).toEqual({ role: 'mediator', id: 'mediator-zhang' });

    // The case's trail at intake has both, after the agreement.
    const trail = await waitFor('the records in the case trail', async () => {
      const { body } = await http(system.urls.intake, 'GET', `/cases/${caseId}/audit`, undefined, supervisor);
      const types: string[] = body.items?.map((e: { type: string }) => e.type) ?? [];
      return types.filter((t) => t === 'AgreementPerformanceRecorded').length === 2 && types;
    });
    expect(trail.indexOf('AgreementReached')).toBeLessThan(trail.indexOf('AgreementPerformanceRecorded'));
  });
});
