import { OUTSIDE_HEALTH_STREAM_ID } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { LegalCalendar, months, seconds } from '@chuishao/legal-calendar';
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
import { AppModule, JUDICIAL_CONFIRMATION_DESCRIPTION } from '../src/app.module';
import { deadlineIdOf } from '../src/domain/deadlines';
import { COURT_ID, COURT_SECRET, CourtSimulator, DAY_MS, Script, signedCallback } from './support';

const MEDIATOR = as({ role: 'mediator', subject: 'mediator-1' });
const OPS = as({ role: 'ops', subject: 'ops-1' });

/**
 * The confirmation procedure on real PostgreSQL and Kafka, against the court simulator running as
 * its own process (accepting after 300 ms, ruling 500 ms later). sla-timer's answers are played by
 * the test (DeadlineReached on `sla`).
 */
describe('judicial-confirmation (real PostgreSQL, Kafka and court simulator)', () => {
  let service: RunningService;
  let court: CourtSimulator;
  let observer: TopicObserver;
  const script = new Script(() => service);

  const query = (sql: string, params: unknown[] = []) => service.app.get(DataSource).query(sql, params);
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = MEDIATOR) =>
    http(service.baseUrl, method, path, body, headers);
  /** Our events about one agreement, in commit order. */
  const emitted = async (agreementId: string): Promise<string[]> =>
    (
      await query(
        `SELECT event_type FROM outbox WHERE topic LIKE '%judicial' AND envelope->'payload'->>'agreementId' = $1 ORDER BY seq`,
        [agreementId],
      )
    ).map((r: { event_type: string }) => r.event_type);
  /** The deadline requests this service wrote about one agreement's window, in commit order. */
  const deadlineRequests = async (agreementId: string): Promise<string[]> =>
    (
      await query(
        `SELECT event_type, envelope->'payload'->>'kind' AS kind FROM outbox
         WHERE event_type LIKE 'Deadline%' AND envelope->'payload'->>'deadlineId' = ANY($1) ORDER BY seq`,
        [
          [
            deadlineIdOf(agreementId, 'confirmation.window-reminder'),
            deadlineIdOf(agreementId, 'confirmation.window'),
          ],
        ],
      )
    ).map((r: { event_type: string; kind: string | null }) =>
      r.kind ? `${r.event_type} ${r.kind}` : r.event_type,
    );
  /** What this service said of the court's health (the outside-health stream), in commit order. */
  const outages = async (): Promise<Json[]> =>
    (await query(`SELECT envelope FROM outbox WHERE event_type LIKE 'CourtOutage%' ORDER BY seq`)).map(
      (r: { envelope: Json }) => r.envelope,
    );
  const seen = (type: string, agreementId: string): Json[] =>
    observer.events(type).filter((e) => e.payload.agreementId === agreementId);
  const requestOf = async (requestId: string) =>
    (await call('GET', `/confirmation-requests/${requestId}`, undefined, OPS)).body;

  async function knownAgreement(options: Parameters<Script['agreement']>[0] = {}) {
    const agreement = await script.agreement(options);
    await whenHandled(service, agreement.event.id); // the agreement is known
    return agreement;
  }

  beforeAll(async () => {
    court = await CourtSimulator.start({
      COURT_ACCEPT_AFTER_MS: '300',
      COURT_RULE_AFTER_MS: '500',
      COURT_CALLBACK_RETRY_MS: '200',
    });
    service = await startService(
      'judicial-confirmation',
      (config) =>
        AppModule.forRoot(config, {
          settings: {
            // Elapsed days, so the flow's arithmetic is exact; legal-calendar.int.spec.ts runs the
            // periods on the calendar.
            window: seconds(30 * 86_400),
            acceptance: seconds(3 * 86_400),
            ruling: seconds(15 * 86_400),
            rulingExtension: seconds(10 * 86_400),
            courtUrl: court.url,
            courtSecrets: { [COURT_ID]: COURT_SECRET },
            submitter: {
              pollMs: 200,
              retryBaseMs: 200,
              retryMaxMs: 800,
              requestTimeoutMs: 3000,
              // A court silent this long is down (issue 20 item 7): the outage test reaches it.
              outageAfterMs: 1000,
              enabled: true,
            },
          },
        }),
      JUDICIAL_CONFIRMATION_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [
      service.topic('judicial'),
      service.topic('sla'),
    ]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await script.stop();
    await service?.close();
    await court?.stop();
  });

  it("refuses another mediator's confirmation request with 404, as if the agreement did not exist, and changes nothing", async () => {
    const { agreementId, parties } = await knownAgreement();
    const changed = async () =>
      (
        await query(
          `SELECT (SELECT count(*)::int FROM confirmation_requests) AS requests,
                  (SELECT count(*)::int FROM outbox) AS outbox,
                  (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys`,
        )
      )[0];
    const before = await changed();
    const refused = await call(
      'POST',
      `/agreements/${agreementId}/confirmation-requests`,
      { consentingParties: parties },
      { ...as({ role: 'mediator', subject: 'mediator-2' }), 'idempotency-key': uuidv7() },
    );
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 404,
      code: 'AGREEMENT_NOT_FOUND',
    });
    expect(await changed()).toEqual(before);
    expect(await emitted(agreementId)).toEqual([]);
  });

  it('requested → accepted with a court case number → confirmed, through the simulator; the case can close', async () => {
    const performanceDeadline = new Date(Date.now() + 10 * DAY_MS);
    const { agreementId, parties, caseId } = await knownAgreement({
      effectiveAt: new Date(Date.now() - DAY_MS),
      performanceDeadline,
    });
    const view = (await call('GET', `/agreements/${agreementId}/confirmation`, undefined, OPS)).body;
    expect(view).toMatchObject({
      parties,
      performanceDeadline: performanceDeadline.toISOString(),
      windowOpen: true,
      windowState: 'open',
      requests: [],
    });
    expect(new Date(view.windowClosesAt).getTime() - new Date(view.effectiveAt).getTime()).toBe(30 * DAY_MS);

    const key = uuidv7();
    const created = await call(
      'POST',
      `/agreements/${agreementId}/confirmation-requests`,
      { consentingParties: parties },
      {
        ...MEDIATOR,
        'idempotency-key': key,
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      agreementId,
      status: 'submitting',
      consentingParties: parties,
      requestedBy: 'mediator-1',
    });
    const { requestId } = created.body;
    // A retry of the same POST: the first answer, no second application.
    const retried = await call(
      'POST',
      `/agreements/${agreementId}/confirmation-requests`,
      { consentingParties: parties },
      {
        ...MEDIATOR,
        'idempotency-key': key,
      },
    );
    expect(retried.body.requestId).toBe(requestId);

    const granted = await observer.waitForMessage(
      'ConfirmationGranted',
      (m) => m.json?.type === 'ConfirmationGranted' && m.json.payload.requestId === requestId,
      { timeoutMs: 30000 },
    );
    const accepted = seen('ConfirmationAccepted', agreementId)[0];
    expect(accepted.payload.courtCaseNumber).toMatch(/^\(\d{4}\).+民特\d+号$/);
    expect(granted.json).toMatchObject({
      caseId,
      actor: { role: 'court', id: COURT_ID },
      payload: {
        agreementId,
        requestId,
        courtId: COURT_ID,
        courtCaseNumber: accepted.payload.courtCaseNumber,
      },
    });
    expect(await emitted(agreementId)).toEqual([
      'ConfirmationRequested',
      'ConfirmationAccepted',
      'ConfirmationGranted',
    ]);
    expect(seen('ConfirmationRequested', agreementId)).toHaveLength(1);
    // Enforceable now: two years from the agreement's performance deadline (art. 250), kept and shown.
    const enforcementEnd = new LegalCalendar().endAfter(performanceDeadline, months(24));
    const enforcement = {
      lastDay: enforcementEnd.lastDay,
      closesAt: enforcementEnd.dueAt.toISOString(),
      countedFrom: 'performance-deadline',
    };
    expect(await requestOf(requestId)).toMatchObject({
      status: 'confirmed',
      courtCaseNumber: accepted.payload.courtCaseNumber,
      submitAttempts: 1,
      enforcement,
    });
    expect(
      (await call('GET', `/agreements/${agreementId}/confirmation`, undefined, OPS)).body.requests,
    ).toMatchObject([{ requestId, status: 'confirmed', enforcement }]);
    expect(
      await query(
        `SELECT enforcement_last_day, enforcement_counted_from FROM confirmation_requests WHERE request_id = $1`,
        [requestId],
      ),
    ).toEqual([
      { enforcement_last_day: enforcement.lastDay, enforcement_counted_from: 'performance-deadline' },
    ]);
    expect(await court.filingsOf(requestId)).toHaveLength(1);
    expect(
      (await call('GET', `/confirmation-requests/${requestId}/court-status`, undefined, OPS)).body,
    ).toMatchObject({
      requestId,
      courtId: COURT_ID,
      status: 'confirmed',
      courtCaseNumber: accepted.payload.courtCaseNumber,
    });

    // The deadlines on sla-timer: the window's two armed then withdrawn, acceptance and ruling likewise.
    const id = (subject: string, kind: Parameters<typeof deadlineIdOf>[1]) => deadlineIdOf(subject, kind);
    const deadlineMessages = () =>
      observer.messages.filter((m) => m.topic === service.topic('sla') && m.json?.caseId === caseId);
    await waitFor('every deadline request on `sla`', () => deadlineMessages().length === 8);
    const slaEvents = deadlineMessages().map((m) => m.json);
    expect(slaEvents.map((e) => [e.type, e.payload.deadlineId])).toEqual([
      ['DeadlineScheduled', id(agreementId, 'confirmation.window-reminder')],
      ['DeadlineScheduled', id(agreementId, 'confirmation.window')],
      ['DeadlineCancelled', id(agreementId, 'confirmation.window-reminder')],
      ['DeadlineCancelled', id(agreementId, 'confirmation.window')],
      ['DeadlineScheduled', id(requestId, 'confirmation.acceptance')],
      ['DeadlineCancelled', id(requestId, 'confirmation.acceptance')],
      ['DeadlineScheduled', id(requestId, 'confirmation.ruling')],
      ['DeadlineCancelled', id(requestId, 'confirmation.ruling')],
    ]);
    expect(slaEvents[1].payload).toMatchObject({
      owner: 'judicial-confirmation',
      kind: 'confirmation.window',
      subjectId: agreementId,
      dueAt: view.windowClosesAt,
    });
    expect(new Date(slaEvents[0].payload.dueAt).getTime()).toBe(
      new Date(view.windowClosesAt).getTime() - 5 * DAY_MS,
    );
    expect(new Date(slaEvents[6].payload.dueAt).getTime()).toBe(
      new Date(accepted.payload.acceptedAt).getTime() + 15 * DAY_MS,
    );

    // Applying again once confirmed: refused, naming the live application.
    const again = await call('POST', `/agreements/${agreementId}/confirmation-requests`, {
      consentingParties: parties,
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'CONFIRMATION_ALREADY_REQUESTED' } });
  });

  it('a rejected ruling: ConfirmationRejected with the court case number and the reasons', async () => {
    const { agreementId, parties } = await knownAgreement({ terms: 'pay 8000 yuan [court:reject]' });
    const { body } = await call('POST', `/agreements/${agreementId}/confirmation-requests`, {
      consentingParties: parties,
    });
    const rejected = await observer.waitForMessage(
      'ConfirmationRejected',
      (m) => m.json?.type === 'ConfirmationRejected' && m.json.payload.requestId === body.requestId,
      { timeoutMs: 30000 },
    );
    expect(rejected.json.payload).toMatchObject({
      agreementId,
      stage: 'ruling',
      courtCaseNumber: expect.stringContaining('民特'),
    });
    expect(rejected.json.payload.reasons[0]).toMatch(/third party/);
    expect(await emitted(agreementId)).toEqual([
      'ConfirmationRequested',
      'ConfirmationAccepted',
      'ConfirmationRejected',
    ]);
    expect(await requestOf(body.requestId)).toMatchObject({
      status: 'rejected',
      reasons: rejected.json.payload.reasons,
      enforcement: null,
    });
  });

  it('an extended ruling period: the ruling deadline re-armed 10 days later, then the ruling', async () => {
    const { agreementId, parties, caseId } = await knownAgreement({ terms: 'pay 8000 yuan [court:extend]' });
    const { body } = await call('POST', `/agreements/${agreementId}/confirmation-requests`, {
      consentingParties: parties,
    });
    const granted = await observer.waitForMessage(
      'ConfirmationGranted after the extension',
      (m) => m.json?.type === 'ConfirmationGranted' && m.json.payload.requestId === body.requestId,
      { timeoutMs: 30000 },
    );
    const acceptedAt = new Date(seen('ConfirmationAccepted', agreementId)[0].payload.acceptedAt).getTime();
    await waitFor('the ruling deadline requests on `sla`', () => {
      const ruling = observer.messages
        .filter(
          (m) =>
            m.json?.caseId === caseId &&
            m.json.payload.deadlineId === deadlineIdOf(body.requestId, 'confirmation.ruling'),
        )
        .map((m) => m.json);
      return ruling.length === 3 && ruling;
    });
    const ruling = observer.messages
      .filter(
        (m) =>
          m.json?.caseId === caseId &&
          m.json.payload.deadlineId === deadlineIdOf(body.requestId, 'confirmation.ruling'),
      )
      .map((m) => [
        m.json.type,
        m.json.payload.dueAt ? new Date(m.json.payload.dueAt).getTime() - acceptedAt : null,
      ]);
    expect(ruling).toEqual([
      ['DeadlineScheduled', 15 * DAY_MS],
      ['DeadlineScheduled', 25 * DAY_MS],
      ['DeadlineCancelled', null],
    ]);
    // No performance deadline in the agreement: the two years to apply for enforcement run from the ruling.
    const fromRuling = new LegalCalendar().endOf(new Date(granted.json.payload.ruledAt), months(24));
    expect(await requestOf(body.requestId)).toMatchObject({
      status: 'confirmed',
      rulingExtended: true,
      enforcement: {
        lastDay: fromRuling.lastDay,
        closesAt: fromRuling.dueAt.toISOString(),
        countedFrom: 'ruling',
      },
    });
  });

  it('a refused filing: ConfirmationRejected at the filing stage, and the parties may apply again', async () => {
    const { agreementId, parties } = await knownAgreement({ terms: 'pay 8000 yuan [court:refuse]' });
    const { body } = await call('POST', `/agreements/${agreementId}/confirmation-requests`, {
      consentingParties: parties,
    });
    const refused = await observer.waitForMessage(
      'the refusal',
      (m) => m.json?.type === 'ConfirmationRejected' && m.json.payload.requestId === body.requestId,
      { timeoutMs: 30000 },
    );
    expect(refused.json.payload).toMatchObject({ stage: 'filing', courtCaseNumber: null });
    expect((await requestOf(body.requestId)).status).toBe('refused');
    // Handed back to the parties: the window is open again, its deadlines armed again.
    expect(
      (await call('GET', `/agreements/${agreementId}/confirmation`, undefined, OPS)).body.windowState,
    ).toBe('open');
    expect(await deadlineRequests(agreementId)).toEqual([
      'DeadlineScheduled confirmation.window-reminder',
      'DeadlineScheduled confirmation.window',
      'DeadlineCancelled',
      'DeadlineCancelled',
      'DeadlineScheduled confirmation.window-reminder',
      'DeadlineScheduled confirmation.window',
    ]);
    const second = await call('POST', `/agreements/${agreementId}/confirmation-requests`, {
      consentingParties: parties,
    });
    expect(second.status).toBe(201);
    expect(second.body.requestId).not.toBe(body.requestId);
  });

  it('after the 30-day window: 409, judged from the effective date and the clock, with no timer having fired', async () => {
    const { agreementId, parties } = await knownAgreement({
      effectiveAt: new Date(Date.now() - 30 * DAY_MS - 60_000),
    });
    const response = await call('POST', `/agreements/${agreementId}/confirmation-requests`, {
      consentingParties: parties,
    });
    expect(response).toMatchObject({ status: 409, body: { code: 'CONFIRMATION_WINDOW_CLOSED' } });
    expect(await emitted(agreementId)).toEqual([]);
    // An agreement that reached us after its window: no reminder, only the close (missed at once).
    expect(await deadlineRequests(agreementId)).toEqual(['DeadlineScheduled confirmation.window']);
  });

  it('identity, adoption or marriage relationships: 409 MATTER_NOT_CONFIRMABLE', async () => {
    const { agreementId, parties } = await knownAgreement({
      categories: ['property', 'marriage_relationship'],
    });
    const response = await call('POST', `/agreements/${agreementId}/confirmation-requests`, {
      consentingParties: parties,
    });
    expect(response).toMatchObject({
      status: 409,
      body: { code: 'MATTER_NOT_CONFIRMABLE', details: { categories: ['marriage_relationship'] } },
    });
    expect(await emitted(agreementId)).toEqual([]);
  });

  it('without every party’s consent: 409 naming who is missing; a stranger or no one: 400 naming the field', async () => {
    const { agreementId } = await knownAgreement({ parties: ['王某', '李某', '赵某'] });
    const path = `/agreements/${agreementId}/confirmation-requests`;
    expect(await call('POST', path, { consentingParties: ['王某'] })).toMatchObject({
      status: 409,
      body: {
        code: 'CONSENT_MISSING',
        details: { missing: ['李某', '赵某'] },
        message: expect.stringContaining('李某, 赵某'),
      },
    });
    expect(await call('POST', path, { consentingParties: ['王某', '李某', '赵某', '张某'] })).toMatchObject({
      status: 400,
      body: { code: 'NOT_A_PARTY', errors: [{ field: 'consentingParties' }] },
    });
    const empty = await call('POST', path, { consentingParties: [] });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('consentingParties');
    expect(
      await call('POST', `/agreements/${uuidv7()}/confirmation-requests`, { consentingParties: ['王某'] }),
    ).toMatchObject({
      status: 404,
      body: { code: 'AGREEMENT_NOT_FOUND' },
    });
    expect(await emitted(agreementId)).toEqual([]);
  });

  it('the court down during submission: the application stays submitting, then is filed exactly once', async () => {
    const { agreementId, parties } = await knownAgreement();
    await court.configure({ down: true });
    let requestId = '';
    try {
      const created = await call('POST', `/agreements/${agreementId}/confirmation-requests`, {
        consentingParties: parties,
      });
      expect(created.status).toBe(201);
      requestId = created.body.requestId;
      await waitFor('several failed attempts', async () => (await requestOf(requestId)).submitAttempts >= 3, {
        timeoutMs: 20000,
      });
      // Silent for a second, with attempts 200, 400 and 800 ms apart: said to be down, once.
      await waitFor('the court outage to be said', async () => (await outages()).length === 1, {
        timeoutMs: 20000,
      });
      const gauge = await (await fetch(`${service.baseUrl}/metrics`)).text();
      expect(gauge).toMatch(new RegExp(`chuishao_court_outage\\{court="${COURT_ID}"[^}]*\\} 1`));
      expect(await requestOf(requestId)).toMatchObject({
        status: 'submitting',
        lastError: expect.stringContaining('503'),
      });
      expect(await court.filingsOf(requestId)).toHaveLength(0);
    } finally {
      // Back up, but the answer to the first filing that gets through is lost on its way to us.
      await court.configure({ down: false, dropResponses: 1 });
    }
    await observer.waitForMessage(
      'ConfirmationGranted after the outage',
      (m) => m.json?.type === 'ConfirmationGranted' && m.json.payload.requestId === requestId,
      { timeoutMs: 30000 },
    );
    expect(await court.filingsOf(requestId)).toHaveLength(1);
    const [detected, ended] = await outages();
    expect(detected).toMatchObject({
      type: 'CourtOutageDetected',
      caseId: OUTSIDE_HEALTH_STREAM_ID,
      payload: { courtId: COURT_ID, lastError: expect.stringContaining('503') },
    });
    expect(ended).toMatchObject({
      type: 'CourtOutageEnded',
      payload: { courtId: COURT_ID, silentSince: detected!.payload.silentSince },
    });
    expect(await query('SELECT * FROM court_health')).toEqual([]);
    expect(await emitted(agreementId)).toEqual([
      'ConfirmationRequested',
      'ConfirmationAccepted',
      'ConfirmationGranted',
    ]);
    // What ops sees of the outage on /metrics.
    const metrics = await (await fetch(`${service.baseUrl}/metrics`)).text();
    const unavailable = /chuishao_court_filing_attempts_total\{[^}]*outcome="unavailable"[^}]*\} (\d+)/.exec(
      metrics,
    );
    expect(Number(unavailable?.[1])).toBeGreaterThanOrEqual(4);
  });

  describe('court callbacks', () => {
    let agreementId = '';
    let requestId = '';
    let filingId = '';
    const post = (signed: { raw: string; headers: Record<string, string> }) =>
      http(service.baseUrl, 'POST', '/court/callbacks', signed.raw, signed.headers);
    const notice = (type: string, extra: Record<string, unknown> = {}) => ({
      callbackId: uuidv7(),
      courtId: COURT_ID,
      filingId,
      reference: requestId,
      courtCaseNumber: '(2026)赣0702民特900号',
      type,
      at: new Date().toISOString(),
      ...extra,
    });
    const snapshot = async () => ({
      request: await requestOf(requestId),
      events: await emitted(agreementId),
    });

    beforeAll(async () => {
      // The simulator keeps this one waiting: the test plays the court's notices itself.
      await court.configure({ acceptAfterMs: 3_600_000 });
      const agreement = await knownAgreement();
      agreementId = agreement.agreementId;
      const { body } = await call('POST', `/agreements/${agreementId}/confirmation-requests`, {
        consentingParties: agreement.parties,
      });
      requestId = body.requestId;
      await waitFor(
        'the application to be filed',
        async () => (await requestOf(requestId)).status === 'submitted',
      );
      filingId = (await requestOf(requestId)).filingId;
    });

    afterAll(() => court.configure({ acceptAfterMs: 300 }));

    it('the court silent past its acceptance period: ConfirmationDeadlineMissed (acceptance), once', async () => {
      const caseId = (await requestOf(requestId)).caseId;
      const reached = await script.deadlineReached(caseId, {
        deadlineId: deadlineIdOf(requestId, 'confirmation.acceptance'),
        owner: 'judicial-confirmation',
        kind: 'confirmation.acceptance',
        subjectId: requestId,
        dueAt: new Date().toISOString(),
      });
      await script.redeliver(reached, 'sla');
      await observer.waitForMessage(
        'the missed acceptance',
        (m) => m.json?.type === 'ConfirmationDeadlineMissed' && m.json.payload.requestId === requestId,
      );
      const sentinel = await script.deadlineReached(caseId, {
        deadlineId: uuidv7(),
        owner: 'mediation',
        kind: 'mediation.level',
        subjectId: requestId,
        dueAt: new Date().toISOString(),
      });
      await whenHandled(service, sentinel.id); // the redelivery before it was consumed
      expect(seen('ConfirmationDeadlineMissed', agreementId).map((e) => e.payload)).toEqual([
        { agreementId, requestId, deadline: 'acceptance', dueAt: reached.payload.dueAt },
      ]);
      expect((await requestOf(requestId)).status).toBe('submitted');
    });

    it('forged, unsigned, stale, future-dated or unknown-court callbacks: 401, and nothing changes', async () => {
      const before = await snapshot();
      const body = notice('accepted');
      const now = Math.floor(Date.now() / 1000);
      const attempts = [
        ['forged', signedCallback(body, { secret: 'not-the-secret' }), 'COURT_SIGNATURE_INVALID'],
        ['unsigned', { raw: JSON.stringify(body), headers: {} }, 'COURT_SIGNATURE_MISSING'],
        ['stale', signedCallback(body, { timestamp: now - 330 }), 'COURT_SIGNATURE_EXPIRED'],
        ['future-dated', signedCallback(body, { timestamp: now + 330 }), 'COURT_SIGNATURE_EXPIRED'],
        ['unknown court', signedCallback(body, { courtId: 'another-court' }), 'COURT_SIGNATURE_INVALID'],
        [
          'body changed after signing',
          { ...signedCallback(body), raw: JSON.stringify({ ...body, courtCaseNumber: 'X' }) },
          'COURT_SIGNATURE_INVALID',
        ],
      ] as const;
      for (const [label, signed, code] of attempts) {
        const response = await post(signed);
        expect({ label, status: response.status, code: response.body?.code }).toEqual({
          label,
          status: 401,
          code,
        });
      }
      expect(await snapshot()).toEqual(before);
      expect(
        (await query('SELECT count(*)::int AS n FROM court_callbacks WHERE request_id = $1', [requestId]))[0]
          .n,
      ).toBe(0);
    });

    it('the same callback twice has one effect; a late repeat of an old notice changes nothing', async () => {
      const acceptance = signedCallback(notice('accepted'));
      expect(await post(acceptance)).toMatchObject({
        status: 200,
        body: { duplicate: false, status: 'accepted' },
      });
      expect(await post(acceptance)).toMatchObject({
        status: 200,
        body: { duplicate: true, status: 'accepted' },
      });

      const ruling = signedCallback(notice('ruled', { outcome: 'confirmed' }));
      expect(await post(ruling)).toMatchObject({
        status: 200,
        body: { duplicate: false, status: 'confirmed' },
      });
      expect(await post(ruling)).toMatchObject({ status: 200, body: { duplicate: true } });
      // A different callback id contradicting the ruling: acknowledged, ignored.
      expect(
        await post(signedCallback(notice('ruled', { outcome: 'rejected', reasons: ['late'] }))),
      ).toMatchObject({
        status: 200,
        body: { effect: 'ignored', status: 'confirmed' },
      });
      expect(await emitted(agreementId)).toEqual([
        'ConfirmationRequested',
        'ConfirmationDeadlineMissed',
        'ConfirmationAccepted',
        'ConfirmationGranted',
      ]);
      await waitFor('the grant on Kafka', () => seen('ConfirmationGranted', agreementId).length === 1);
      expect(seen('ConfirmationAccepted', agreementId)).toHaveLength(1);
    });

    it('a well-signed notice that is not one: 400 naming the field; for an unknown application: 404', async () => {
      const bad = await post(signedCallback({ ...notice('accepted'), type: 'mislaid' }));
      expect(bad).toMatchObject({
        status: 400,
        body: { code: 'INVALID_COURT_NOTICE', errors: [{ field: 'type' }] },
      });
      const unknown = await post(signedCallback({ ...notice('accepted'), reference: uuidv7() }));
      expect(unknown).toMatchObject({ status: 404, body: { code: 'REQUEST_NOT_FOUND' } });
    });
  });

  describe('deadlines from sla-timer', () => {
    it('the reminder 5 days before, then the window missed; each once even when delivered twice', async () => {
      const { agreementId, caseId } = await knownAgreement();
      const view = (await call('GET', `/agreements/${agreementId}/confirmation`, undefined, OPS)).body;
      const reminder = await script.deadlineReached(caseId, {
        deadlineId: deadlineIdOf(agreementId, 'confirmation.window-reminder'),
        owner: 'judicial-confirmation',
        kind: 'confirmation.window-reminder',
        subjectId: agreementId,
        dueAt: new Date().toISOString(),
      });
      await script.redeliver(reminder, 'sla');
      const window = await script.deadlineReached(caseId, {
        deadlineId: deadlineIdOf(agreementId, 'confirmation.window'),
        owner: 'judicial-confirmation',
        kind: 'confirmation.window',
        subjectId: agreementId,
        dueAt: view.windowClosesAt,
      });
      await script.redeliver(window, 'sla');
      // Another owner's deadline on the same subject: not ours, no effect.
      const foreign = await script.deadlineReached(caseId, {
        deadlineId: uuidv7(),
        owner: 'mediation',
        kind: 'confirmation.window',
        subjectId: agreementId,
        dueAt: view.windowClosesAt,
      });
      await observer.waitForMessage(
        'the missed window',
        (m) => m.json?.type === 'ConfirmationDeadlineMissed' && m.json.payload.agreementId === agreementId,
        { timeoutMs: 20000 },
      );
      // Same key, same partition: once the last one is handled, both redeliveries were too.
      await whenHandled(service, foreign.id);
      expect(await emitted(agreementId)).toEqual([
        'ConfirmationWindowClosingNotified',
        'ConfirmationDeadlineMissed',
      ]);
      expect(
        seen('ConfirmationWindowClosingNotified', agreementId)[0].payload.secondsRemaining,
      ).toBeGreaterThan(29 * 86400);
      expect(seen('ConfirmationDeadlineMissed', agreementId)[0].payload).toEqual({
        agreementId,
        requestId: null,
        deadline: 'window',
        dueAt: view.windowClosesAt,
      });
      expect(
        (await call('GET', `/agreements/${agreementId}/confirmation`, undefined, OPS)).body.windowState,
      ).toBe('missed');
    });

    it('an AgreementReached delivered twice: one agreement, one pair of window deadlines', async () => {
      const { agreementId, caseId, event } = await knownAgreement();
      await script.redeliver(event, 'mediation');
      // Behind the redelivery on the same partition: once it is handled, the redelivery was too.
      const next = await knownAgreement({ caseId });
      expect(next.caseId).toBe(caseId);
      const scheduled = await query(
        `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'DeadlineScheduled' AND envelope->'payload'->>'subjectId' = $1`,
        [agreementId],
      );
      expect(scheduled[0].n).toBe(2);
    });
  });
});
