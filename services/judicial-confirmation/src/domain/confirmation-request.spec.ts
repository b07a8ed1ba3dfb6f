import { applyNotice, retryDelayMs, type ConfirmationRequest } from './confirmation-request';

const DAY = 86_400;
const durations = { rulingSeconds: 15 * DAY, rulingExtensionSeconds: 10 * DAY };
const at = new Date('2026-11-03T08:00:00.000Z');
const request = (over: Partial<ConfirmationRequest> = {}): ConfirmationRequest => ({
  requestId: 'r',
  agreementId: 'a',
  caseId: 'c',
  courtId: 'court',
  consentingParties: ['王某'],
  requestedBy: 'med-1',
  requestedAt: at,
  status: 'submitted',
  filingId: 'f',
  courtCaseNumber: null,
  reasons: [],
  submitAttempts: 1,
  nextAttemptAt: null,
  lastError: null,
  submittedAt: at,
  acceptedAt: null,
  rulingDueAt: null,
  rulingExtended: false,
  ruledAt: null,
  correlationId: 'corr',
  ...over,
});

describe('a confirmation request through the court’s filing review', () => {
  it('acceptance gives a case number and a ruling due 15 days later, extendable once by 10', () => {
    const r = request();
    expect(
      applyNotice(r, { type: 'accepted', courtCaseNumber: '(2026)赣0702民特1号', at }, durations),
    ).toEqual({
      kind: 'accepted',
    });
    expect(r).toMatchObject({ status: 'accepted', courtCaseNumber: '(2026)赣0702民特1号', acceptedAt: at });
    expect(r.rulingDueAt!.toISOString()).toBe('2026-11-18T08:00:00.000Z');
    expect(applyNotice(r, { type: 'ruling-extended', at }, durations)).toEqual({ kind: 'extended' });
    expect(r.rulingDueAt!.toISOString()).toBe('2026-11-28T08:00:00.000Z');
    expect(applyNotice(r, { type: 'ruling-extended', at }, durations).kind).toBe('ignored');
  });

  it('an acceptance may overtake our record of the filing', () => {
    const r = request({ status: 'submitting', filingId: null, nextAttemptAt: at });
    expect(applyNotice(r, { type: 'accepted', courtCaseNumber: 'N', at }, durations).kind).toBe('accepted');
    expect(r.nextAttemptAt).toBeNull();
  });

  it('a ruling confirms or rejects with reasons, once', () => {
    const confirmed = request({ status: 'accepted', courtCaseNumber: 'N', acceptedAt: at });
    expect(
      applyNotice(confirmed, { type: 'ruled', outcome: 'confirmed', reasons: [], at }, durations),
    ).toEqual({
      kind: 'ruled',
      outcome: 'confirmed',
    });
    expect(confirmed.status).toBe('confirmed');
    expect(
      applyNotice(confirmed, { type: 'ruled', outcome: 'rejected', reasons: ['x'], at }, durations).kind,
    ).toBe('ignored');
    expect(confirmed.status).toBe('confirmed');

    const rejected = request({ status: 'accepted', courtCaseNumber: 'N', acceptedAt: at });
    applyNotice(
      rejected,
      { type: 'ruled', outcome: 'rejected', reasons: ['harms a third party'], at },
      durations,
    );
    expect(rejected).toMatchObject({ status: 'rejected', reasons: ['harms a third party'], ruledAt: at });
  });

  it('a ruling before acceptance, or an acceptance after a refusal, changes nothing', () => {
    const r = request();
    expect(applyNotice(r, { type: 'ruled', outcome: 'confirmed', reasons: [], at }, durations).kind).toBe(
      'ignored',
    );
    expect(applyNotice(r, { type: 'refused', reasons: ['not competent'], at }, durations).kind).toBe(
      'refused',
    );
    expect(applyNotice(r, { type: 'accepted', courtCaseNumber: 'N', at }, durations).kind).toBe('ignored');
    expect(r).toMatchObject({ status: 'refused', courtCaseNumber: null, reasons: ['not competent'] });
  });

  it('retries back off exponentially up to a cap', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, 1000, 5000))).toEqual([1000, 2000, 4000, 5000, 5000]);
  });
});
