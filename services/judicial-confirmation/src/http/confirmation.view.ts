import type { Agreement } from '../domain/agreement';
import type { ConfirmationRequest } from '../domain/confirmation-request';

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function requestView(r: ConfirmationRequest) {
  return {
    requestId: r.requestId,
    agreementId: r.agreementId,
    caseId: r.caseId,
    courtId: r.courtId,
    status: r.status,
    consentingParties: r.consentingParties,
    requestedBy: r.requestedBy,
    requestedAt: r.requestedAt.toISOString(),
    filingId: r.filingId,
    courtCaseNumber: r.courtCaseNumber,
    reasons: r.reasons,
    submitAttempts: r.submitAttempts,
    nextAttemptAt: r.status === 'submitting' ? iso(r.nextAttemptAt) : null,
    lastError: r.status === 'submitting' ? r.lastError : null,
    submittedAt: iso(r.submittedAt),
    acceptedAt: iso(r.acceptedAt),
    rulingDueAt: iso(r.rulingDueAt),
    rulingExtended: r.rulingExtended,
    ruledAt: iso(r.ruledAt),
    // Once confirmed: the last day a party may apply for enforcement (two years, art. 250).
    enforcement: r.enforcement && {
      lastDay: r.enforcement.lastDay,
      closesAt: r.enforcement.closesAt.toISOString(),
      countedFrom: r.enforcement.countedFrom,
    },
  };
}

export function agreementView(a: Agreement, requests: ConfirmationRequest[], now: Date) {
  return {
    agreementId: a.agreementId,
    caseId: a.caseId,
    parties: a.parties,
    matters: a.matters,
    performanceDeadline: iso(a.performanceDeadline),
    effectiveAt: a.effectiveAt.toISOString(),
    windowClosesAt: a.windowClosesAt.toISOString(),
    windowOpen: now.getTime() <= a.windowClosesAt.getTime(),
    windowState: a.windowState,
    requests: requests.map(requestView),
  };
}
