import { LegalCalendar, days } from '@chuishao/legal-calendar';
import { applyNotice, retryDelayMs, type ConfirmationRequest } from './confirmation-request';

const durations = { calendar: new LegalCalendar(), ruling: days(15), rulingExtension: days(10) };
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
  it('acceptance gives a case number and a ruling due at the end of the 15th day after, extendable once by 10', () => {
    const r = request();
    expect(
      applyNotice(r, { type: 'accepted', courtCaseNumber: '(2026)赣0702民特1号', at }, durations),
    ).toMatchObject({ kind: 'accepted', rulingEnd: { lastDay: '2026-11-18' } });
    expect(r).toMatchObject({ status: 'accepted', courtCaseNumber: '(2026)赣0702民特1号', acceptedAt: at });
    // 24:00 of Wednesday 2026-11-18 in Beijing.
    expect(r.rulingDueAt!.toISOString()).toBe('2026-11-18T16:00:00.000Z');
    // Ten days from the 19th end on Saturday the 28th: moved to Monday the 30th.
    expect(applyNotice(r, { type: 'ruling-extended', at }, durations)).toMatchObject({
      kind: 'extended',
      rulingEnd: { lastDay: '2026-11-30' },
    });
    expect(r.rulingDueAt!.toISOString()).toBe('2026-11-30T16:00:00.000Z');
    expect(applyNotice(r, { type: 'ruling-extended', at }, durations).kind).toBe('ignored');
  });

  it('a ruling period ending in the National Day holiday 2025 moves to 2025-10-09; its extension runs from there', () => {
    const r = request();
    const acceptedAt = new Date('2025-09-20T02:00:00.000Z');
    applyNotice(r, { type: 'accepted', courtCaseNumber: 'N', at: acceptedAt }, durations);
    expect(r.rulingDueAt!.toISOString()).toBe('2025-10-09T16:00:00.000Z');
    applyNotice(r, { type: 'ruling-extended', at: acceptedAt }, durations);
    expect(r.rulingDueAt!.toISOString()).toBe('2025-10-20T16:00:00.000Z'); // Sun 19 → Mon 20
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
