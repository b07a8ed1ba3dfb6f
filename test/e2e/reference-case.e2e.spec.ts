import { TopicObserver, as, http, waitFor } from '@chuishao/testing';
import { ANLIZHA_CASE, clerk, liaisonOf, ok, operator, type Summons } from './api';
import { leakingLogLines, PERSONAL_NUMBER } from './personal-data';
import { ALL_SERVICES, startSystem, type RunningSystem } from './system';

const mediator = as({ role: 'mediator', subject: 'mediator-zhang' });
const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1' });

const PARTIES = ANLIZHA_CASE.parties.map((p) => p.name);

/**
 * SPEC's reference case across every service as a process, with the court simulator answering
 * in about a second: registered, whistled, three departments on site, mediated in two sessions,
 * an agreement, judicial confirmation applied for, accepted, confirmed, the case closed — and the
 * whole story read back as one ordered timeline. A second case takes the rejection path.
 */
describe('the reference case, from the window clerk to the court (every service as a process)', () => {
  let system: RunningSystem;
  let observer: TopicObserver;

  beforeAll(async () => {
    system = await startSystem({
      services: ALL_SERVICES,
      env: { COURT_ACCEPT_AFTER_MS: '500', COURT_RULE_AFTER_MS: '1000', COURT_SUBMIT_POLL_MS: '200' },
    });
    observer = await new TopicObserver(
      process.env.KAFKA_BROKERS!,
      ['cases', 'whistles', 'department-responses', 'sla', 'mediation', 'judicial'].map((t) =>
        system.topic(t),
      ),
    ).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await system?.stop();
  });

  /** Register, whistle, all three departments on site; answers the case and its open mediation. */
  async function mediationAfterArrivals() {
    const registered = await ok(system.urls.intake, 'POST', '/cases', ANLIZHA_CASE, clerk);
    await waitFor(
      'dispatch to learn of the case',
      async () =>
        (await http(system.urls.dispatch, 'GET', `/cases/${registered.id}/whistles`, undefined, operator))
          .status === 200,
    );
    const whistle = await ok(system.urls.dispatch, 'POST', `/cases/${registered.id}/whistles`, {}, operator);
    for (const s of whistle.summons as Summons[]) {
      await waitFor(`summons ${s.id} in the inbox`, async () => {
        const { body } = await http(
          system.urls.department,
          'GET',
          `/departments/${s.departmentId}/summons`,
          undefined,
          liaisonOf(s.departmentId),
        );
        return (body.items as Summons[] | undefined)?.some((x) => x.id === s.id);
      });
      await ok(system.urls.department, 'POST', `/summons/${s.id}/acknowledge`, {}, liaisonOf(s.departmentId));
      await ok(system.urls.department, 'POST', `/summons/${s.id}/arrive`, {}, liaisonOf(s.departmentId));
    }
    const mediation = await waitFor('mediation to open on WhistleCompleted', async () => {
      const { status, body } = await http(
        system.urls.mediation,
        'GET',
        `/cases/${registered.id}/mediations`,
        undefined,
        mediator,
      );
      return status === 200 && body.items?.[0];
    });
    return { registered, whistle, mediation };
  }

  async function mediateToAgreement(mediationId: string, terms: string) {
    const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
    for (const [index, level, from, to] of [
      [1, '情', 50, 35],
      [2, '法', 30, 5],
    ] as const)
      await ok(
        system.urls.mediation,
        'POST',
        `/mediations/${mediationId}/sessions`,
        {
          startedAt: minutesAgo(from),
          endedAt: minutesAgo(to),
          participants: PARTIES,
          level,
          notes: 'on site',
        },
        { ...mediator, 'idempotency-key': `session-${mediationId}-${index}` },
      );
    const signedAt = minutesAgo(1);
    return ok(
      system.urls.mediation,
      'POST',
      `/mediations/${mediationId}/agreement`,
      {
        facts: 'A road accident on the county road; the applicant’s daughter died.',
        mattersInDispute: [{ category: 'compensation', description: 'compensation for the death' }],
        responsibilities: [{ party: PARTIES[1], responsibility: 'the driver bears the main responsibility' }],
        terms,
        amount: 520000,
        performance: {
          manner: 'bank transfer',
          deadline: new Date(Date.now() + 7 * 86400_000).toISOString(),
        },
        partySignatures: PARTIES.map((party) => ({ party, signedAt })),
        mediatorSignature: { mediator: 'mediator-zhang', signedAt },
      },
      mediator,
    );
  }

  const caseOf = async (caseId: string) =>
    (await http(system.urls.intake, 'GET', `/cases/${caseId}`, undefined, operator)).body;

  it('registered → whistled → on site → mediated → agreement → confirmation requested, accepted, confirmed → closed, as one timeline', async () => {
    const { registered, mediation } = await mediationAfterArrivals();
    expect(mediation.participants).toHaveLength(3);
    await waitFor('case mediating', async () => (await caseOf(registered.id)).status === 'mediating');

    const agreement = await mediateToAgreement(mediation.id, 'The driver pays 520,000 yuan within 7 days.');
    expect(agreement.id).toBeDefined();
    await waitFor('judicial-confirmation to learn of the agreement', async () => {
      const { status } = await http(
        system.urls['judicial-confirmation'],
        'GET',
        `/agreements/${agreement.id}/confirmation`,
        undefined,
        mediator,
      );
      return status === 200;
    });
    const request = await ok(
      system.urls['judicial-confirmation'],
      'POST',
      `/agreements/${agreement.id}/confirmation-requests`,
      { consentingParties: PARTIES },
      { ...mediator, 'idempotency-key': `apply-${agreement.id}` },
    );
    const closed = await waitFor(
      'the case to close after the court confirmed',
      async () => {
        const c = await caseOf(registered.id);
        return c.status === 'closed' && c;
      },
      { timeoutMs: 60_000 },
    );
    expect(closed.closeReason).toMatch(/judicial confirmation granted/);
    const confirmation = await ok(
      system.urls['judicial-confirmation'],
      'GET',
      `/confirmation-requests/${request.requestId}`,
      undefined,
      mediator,
    );
    expect(confirmation.status).toBe('confirmed');

    // One ordered timeline of the case, across every service, from intake's trail.
    const expected = [
      'CaseRegistered',
      'WhistleBlown',
      'WhistleCompleted',
      'MediationOpened',
      'MediationSessionRecorded',
      'MediationSessionRecorded',
      'AgreementReached',
      'ConfirmationRequested',
      'ConfirmationAccepted',
      'ConfirmationGranted',
      'CaseClosed',
    ];
    const timeline = await waitFor('the timeline to hold the whole story', async () => {
      const { body } = await http(
        system.urls.intake,
        'GET',
        `/cases/${registered.id}/audit`,
        undefined,
        supervisor,
      );
      const types: string[] = body.items?.map((e: { type: string }) => e.type) ?? [];
      return types.includes('CaseClosed') && types;
    });
    const milestones = timeline.filter((t: string) => expected.includes(t));
    expect(milestones).toEqual(expected);
    expect(timeline.filter((t: string) => t === 'DepartmentArrived')).toHaveLength(3);
    expect(timeline.filter((t: string) => t === 'SummonsAcknowledged')).toHaveLength(3);
    // The deadlines of mediation and of the confirmation window ran on sla-timer.
    expect(
      observer.messages.some(
        (m) =>
          m.json?.type === 'DeadlineScheduled' &&
          m.json.caseId === registered.id &&
          m.json.payload.owner === 'mediation',
      ),
    ).toBe(true);
  });

  it('a rejected ruling: the court gives its reasons, the case reads rejected and closes', async () => {
    const { registered, mediation } = await mediationAfterArrivals();
    const agreement = await mediateToAgreement(mediation.id, 'The driver pays 520,000 yuan. [court:reject]');
    await waitFor('judicial-confirmation to learn of the agreement', async () => {
      const { status } = await http(
        system.urls['judicial-confirmation'],
        'GET',
        `/agreements/${agreement.id}/confirmation`,
        undefined,
        mediator,
      );
      return status === 200;
    });
    await ok(
      system.urls['judicial-confirmation'],
      'POST',
      `/agreements/${agreement.id}/confirmation-requests`,
      { consentingParties: PARTIES },
      mediator,
    );
    const rejected = await observer.waitForMessage(
      'ConfirmationRejected',
      (m) => m.json?.type === 'ConfirmationRejected' && m.json.caseId === registered.id,
      { timeoutMs: 60_000 },
    );
    expect(rejected.json.payload.reasons.length).toBeGreaterThan(0);
    const closed = await waitFor('the case to close after the rejection', async () => {
      const c = await caseOf(registered.id);
      return c.status === 'closed' && c;
    });
    expect(closed.closeReason).toMatch(/rejected/);
  });

  it("leaves no full ID number or phone in any event, nor in any line of every service's log", () => {
    // Both cases above registered parties with ID numbers and phones, and went through every service.
    expect(Object.keys(system.logFiles).sort()).toEqual([...ALL_SERVICES].sort());
    expect(observer.messages.filter((m) => PERSONAL_NUMBER.test(m.value ?? ''))).toEqual([]);
    expect(leakingLogLines(system.logFiles)).toEqual(
      Object.fromEntries(ALL_SERVICES.map((service) => [service, []])),
    );
  });
});
