import { transitionAllowed } from '@chuishao/kernel';
import { retryDelayMs } from './confirmation-request';
import { decide, requestTransition } from './confirmation-request.decider';
import {
  AT,
  accepted,
  apply,
  deadline,
  extended,
  filed,
  filingFailed,
  given,
  later,
  notice,
  ofType,
  recorded,
  refusal,
  refused,
  ruled,
} from './confirmation-request.given';
import { DEADLINE_KINDS } from './deadlines';

/** Applied for and filed: the court has it. */
const submitted = () => given(recorded(), apply(), filed());

describe('an application for judicial confirmation', () => {
  it('is recorded submitting, the window applied, the court’s acceptance period counted from it', () => {
    const { events, then, request } = given().when(apply({ consentingParties: ['王某', '李某', '王某'] }));
    expect(request).toMatchObject({ status: 'submitting', submitAttempts: 0, nextAttemptAt: AT });
    expect(request.consentingParties).toEqual(['王某', '李某']);
    expect(then.agreement.windowState).toBe('applied');
    // 3 days from Tuesday 2026-11-03: the end of Friday the 6th in Beijing.
    expect(ofType(events, 'ConfirmationRequested').acceptanceEnd.lastDay).toBe('2026-11-06');
  });

  it('is refused while another is live, and allowed again after the court refused the filing', () => {
    expect(refusal(() => given(recorded(), apply()).when(apply({ requestId: 'r2' })))).toMatchObject({
      code: 'CONFIRMATION_ALREADY_REQUESTED',
      kind: 'conflict',
      details: { status: 'submitting' },
    });
    const again = given(recorded(), apply(), filed(), refused()).when(apply({ requestId: 'r2' }));
    expect(again.then.requests.map((r) => r.status)).toEqual(['refused', 'submitting']);
  });

  it('is not found for a mediator who did not mediate it, or a filer whose post does not reach the case', () => {
    const notFound = { code: 'AGREEMENT_NOT_FOUND', kind: 'not_found' };
    expect(refusal(() => given().when(apply({ filer: { role: 'mediator', id: 'med-2' } })))).toMatchObject(
      notFound,
    );
    expect(refusal(() => given().when(apply({ filerReachesCase: false })))).toMatchObject(notFound);
    expect(refusal(() => given().when(apply({ filer: { role: 'clerk', id: 'clerk-9' } })))).toBeNull();
  });

  it('follows who may apply, and when (agreement.ts): consent, the window, confirmable matters', () => {
    expect(refusal(() => given().when(apply({ consentingParties: ['王某'] })))).toMatchObject({
      code: 'CONSENT_MISSING',
      details: { missing: ['李某'] },
    });
    expect(refusal(() => given().when(apply({ at: new Date('2026-12-01T10:00:00.001Z') })))).toMatchObject({
      code: 'CONFIRMATION_WINDOW_CLOSED',
    });
    const marriage = recorded({ matters: [{ category: 'marriage_relationship', description: 'divorce' }] });
    expect(refusal(() => given(marriage).when(apply()))).toMatchObject({ code: 'MATTER_NOT_CONFIRMABLE' });
  });

  it('an agreement recorded again changes nothing', () => {
    const { confirmation } = given();
    expect(confirmation.agreement).toMatchObject({ windowState: 'open' });
    expect(confirmation.agreement.windowClosesAt.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(decide(recorded(), confirmation)).toEqual([]);
  });
});

describe('filing with the court', () => {
  it('a filed application is submitted; its attempts counted', () => {
    const { request } = submitted();
    expect(request).toMatchObject({
      status: 'submitted',
      filingId: 'f',
      submitAttempts: 1,
      nextAttemptAt: null,
    });
    expect(request!.submittedAt).toEqual(AT);
  });

  it('a court down leaves it submitting, the next attempt backed off; a later filing clears the error', () => {
    const failed = given(recorded(), apply(), filingFailed(AT), filingFailed(later(AT, 1000)));
    expect(failed.request).toMatchObject({
      status: 'submitting',
      submitAttempts: 2,
      lastError: 'court down',
    });
    expect(failed.request!.nextAttemptAt).toEqual(later(AT, 1000 + 2000));
    const { request } = failed.when(filed(later(AT, 5000)));
    expect(request).toMatchObject({
      status: 'submitted',
      submitAttempts: 3,
      lastError: null,
      nextAttemptAt: null,
    });
  });

  it('a failure after the court answered changes nothing', () => {
    expect(submitted().when(filingFailed()).events).toEqual([]);
  });

  it('retries back off exponentially up to a cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});

describe('a confirmation request through the court’s filing review', () => {
  it('acceptance gives a case number and a ruling due at the end of the 15th day after, extendable once by 10', () => {
    const acceptance = submitted().when(accepted(AT, '(2026)赣0702民特1号'));
    expect(ofType(acceptance.events, 'ConfirmationAccepted').rulingEnd).toMatchObject({
      lastDay: '2026-11-18',
    });
    const r = acceptance.request;
    expect(r).toMatchObject({ status: 'accepted', courtCaseNumber: '(2026)赣0702民特1号', acceptedAt: AT });
    // 24:00 of Wednesday 2026-11-18 in Beijing.
    expect(r.rulingDueAt!.toISOString()).toBe('2026-11-18T16:00:00.000Z');
    // Ten days from the 19th end on Saturday the 28th: moved to Monday the 30th.
    const extension = given(recorded(), apply(), filed(), accepted()).when(extended());
    expect(ofType(extension.events, 'RulingExtended').rulingEnd).toMatchObject({ lastDay: '2026-11-30' });
    expect(extension.request.rulingDueAt!.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    const again = given(recorded(), apply(), filed(), accepted(), extended()).when(extended());
    expect(ofType(again.events, 'CourtNoticeReceived').effect).toBe('ignored');
    expect(again.request.rulingDueAt!.toISOString()).toBe('2026-11-30T16:00:00.000Z');
  });

  it('a ruling period ending in the National Day holiday 2025 moves to 2025-10-09; its extension runs from there', () => {
    const acceptedAt = new Date('2025-09-20T02:00:00.000Z');
    const { request } = given(recorded(), apply(), filed(), accepted(acceptedAt));
    expect(request!.rulingDueAt!.toISOString()).toBe('2025-10-09T16:00:00.000Z');
    const { request: r } = given(recorded(), apply(), filed(), accepted(acceptedAt)).when(
      extended(acceptedAt),
    );
    expect(r.rulingDueAt!.toISOString()).toBe('2025-10-20T16:00:00.000Z'); // Sun 19 → Mon 20
  });

  it('an acceptance may overtake our record of the filing', () => {
    const { events, request } = given(recorded(), apply()).when(accepted());
    expect(ofType(events, 'CourtNoticeReceived').effect).toBe('accepted');
    expect(request).toMatchObject({ status: 'accepted', nextAttemptAt: null });
    // The filing's answer, arriving after: counted, and the application stays accepted.
    const late = given(recorded(), apply(), accepted()).when(filed());
    expect(late.request).toMatchObject({ status: 'accepted', filingId: 'f', submitAttempts: 1 });
  });

  it('a ruling confirms or rejects with reasons, once', () => {
    const confirmed = given(recorded(), apply(), filed(), accepted()).when(ruled('confirmed'));
    expect(ofType(confirmed.events, 'CourtNoticeReceived').effect).toBe('ruled');
    expect(confirmed.request.status).toBe('confirmed');
    const again = given(recorded(), apply(), filed(), accepted(), ruled('confirmed')).when(
      ruled('rejected', ['x']),
    );
    expect(again.events.map((e) => e.type)).toEqual(['CourtNoticeReceived']);
    expect(again.request.status).toBe('confirmed');

    const rejected = given(recorded(), apply(), filed(), accepted()).when(
      ruled('rejected', ['harms a third party']),
    );
    expect(rejected.request).toMatchObject({
      status: 'rejected',
      reasons: ['harms a third party'],
      ruledAt: AT,
    });
  });

  it('a ruling before acceptance, or an acceptance after a refusal, changes nothing', () => {
    const early = submitted().when(ruled('confirmed'));
    expect(ofType(early.events, 'CourtNoticeReceived')).toMatchObject({
      effect: 'ignored',
      ignoredBecause: 'not awaiting a ruling (submitted)',
    });
    const refusal = submitted().when(refused());
    expect(refusal.events.map((e) => e.type)).toEqual([
      'ConfirmationRefused',
      'CourtNoticeReceived',
      'WindowReopened',
    ]);
    expect(refusal.then.agreement.windowState).toBe('open');
    const late = given(recorded(), apply(), filed(), refused()).when(accepted());
    expect(ofType(late.events, 'CourtNoticeReceived').ignoredBecause).toBe('already refused');
    expect(late.request).toMatchObject({
      status: 'refused',
      courtCaseNumber: null,
      reasons: ['not competent'],
    });
  });

  it('the same callback twice has one effect; an unknown application, or another court’s, is not found', () => {
    expect(
      submitted().when(notice({ type: 'accepted', courtCaseNumber: 'N', at: AT }, { alreadyReceived: true }))
        .events,
    ).toEqual([]);
    const notFound = { code: 'REQUEST_NOT_FOUND', kind: 'not_found' };
    expect(
      refusal(() => submitted().when(notice({ type: 'refused', reasons: [], at: AT }, { requestId: 'x' }))),
    ).toMatchObject(notFound);
    expect(
      refusal(() => submitted().when(notice({ type: 'refused', reasons: [], at: AT }, { courtId: 'other' }))),
    ).toMatchObject(notFound);
  });

  it('decides only request events its transition table allows, and a ruled request allows none', () => {
    const { request, when } = given(recorded(), apply(), filed(), accepted());
    const events = [extended(), ruled('confirmed')].flatMap((c) => when(c).events);
    const changes = events.map(requestTransition).filter((c) => c !== null);
    expect(changes).toHaveLength(2);
    for (const change of changes) expect(transitionAllowed(request!, change.transition)).toBe(true);
    const done = given(recorded(), apply(), filed(), accepted(), ruled('rejected', ['x'])).request!;
    for (const change of changes) expect(transitionAllowed(done, change.transition)).toBe(false);
  });
});

describe('the deadlines, judged against the state', () => {
  const closes = new Date('2026-12-01T10:00:00.000Z');

  it('the reminder and the missed window only while nobody has applied; the window missed once', () => {
    const reminder = given().when(deadline(DEADLINE_KINDS.windowReminder, later(closes, -5 * 86_400_000)));
    expect(reminder.events).toEqual([
      { type: 'WindowClosingNotified', windowClosesAt: closes, secondsRemaining: 5 * 86_400 },
    ]);
    const missed = given().when(deadline(DEADLINE_KINDS.window, closes));
    expect(missed.events).toEqual([{ type: 'WindowMissed', dueAt: closes }]);
    expect(missed.then.agreement.windowState).toBe('missed');
    expect(decide(deadline(DEADLINE_KINDS.window, closes), missed.then)).toEqual([]);
    expect(given(recorded(), apply()).when(deadline(DEADLINE_KINDS.window, closes)).events).toEqual([]);
  });

  it('a missed acceptance only while the court has not answered', () => {
    const due = new Date('2026-11-06T16:00:00.000Z');
    expect(submitted().when(deadline(DEADLINE_KINDS.acceptance, due)).events).toEqual([
      { type: 'AcceptanceMissed', requestId: expect.any(String), dueAt: due },
    ]);
    expect(
      given(recorded(), apply(), accepted()).when(deadline(DEADLINE_KINDS.acceptance, due)).events,
    ).toEqual([]);
  });

  it('a missed ruling only while not ruled, and not at the due time of a period since extended', () => {
    const accepted15 = given(recorded(), apply(), filed(), accepted());
    const due = accepted15.request!.rulingDueAt!;
    expect(
      ofType(accepted15.when(deadline(DEADLINE_KINDS.ruling, due)).events, 'RulingMissed').dueAt,
    ).toEqual(due);
    const extendedOnce = given(recorded(), apply(), filed(), accepted(), extended());
    expect(extendedOnce.when(deadline(DEADLINE_KINDS.ruling, due)).events).toEqual([]);
    const ruledAlready = given(recorded(), apply(), filed(), accepted(), ruled('confirmed'));
    expect(ruledAlready.when(deadline(DEADLINE_KINDS.ruling, due)).events).toEqual([]);
  });
});
