import type { LegalCalendar, LegalPeriod, PeriodEnd } from '@chuishao/legal-calendar';

/**
 * One application for judicial confirmation, following the court's filing review (OASIS LegalXML
 * ECF): submitting (ours: not yet through to the court, retried) → submitted (the court has it) →
 * accepted (court case number) or refused → confirmed or rejected by a ruling.
 */
export type RequestStatus = 'submitting' | 'submitted' | 'accepted' | 'refused' | 'confirmed' | 'rejected';

export interface ConfirmationRequest {
  requestId: string;
  agreementId: string;
  caseId: string;
  courtId: string;
  consentingParties: string[];
  requestedBy: string;
  requestedAt: Date;
  status: RequestStatus;
  filingId: string | null;
  courtCaseNumber: string | null;
  reasons: string[];
  submitAttempts: number;
  nextAttemptAt: Date | null;
  lastError: string | null;
  submittedAt: Date | null;
  acceptedAt: Date | null;
  rulingDueAt: Date | null;
  rulingExtended: boolean;
  ruledAt: Date | null;
  correlationId: string;
}

/** What the court told us in a callback, adapter-neutral. */
export type CourtNotice =
  | { type: 'accepted'; courtCaseNumber: string; at: Date }
  | { type: 'refused'; reasons: string[]; at: Date }
  | { type: 'ruling-extended'; at: Date }
  | { type: 'ruled'; outcome: 'confirmed' | 'rejected'; reasons: string[]; at: Date };

export type NoticeEffect =
  | { kind: 'accepted'; rulingEnd: PeriodEnd }
  | { kind: 'refused' }
  | { kind: 'extended'; rulingEnd: PeriodEnd }
  | { kind: 'ruled'; outcome: 'confirmed' | 'rejected' }
  | { kind: 'ignored'; why: string };

export const FINAL_STATUSES: readonly RequestStatus[] = ['refused', 'confirmed', 'rejected'];

/** The court's periods and the calendar they are counted on. */
export interface CourtPeriods {
  calendar: LegalCalendar;
  /** From acceptance (15 days). */
  ruling: LegalPeriod;
  /** One extension, from the day after the ruling period's last day (10 days). */
  rulingExtension: LegalPeriod;
}

/**
 * Applies a court notice to a request, in place. A notice that does not fit the request's state
 * (a late repeat, out of order) changes nothing: the court's word is applied once. An acceptance
 * may overtake our own record of the submission (the court's answer to the filing call was lost),
 * so it is taken from `submitting` too.
 */
export function applyNotice(
  request: ConfirmationRequest,
  notice: CourtNotice,
  periods: CourtPeriods,
): NoticeEffect {
  const pending = request.status === 'submitting' || request.status === 'submitted';
  switch (notice.type) {
    case 'accepted': {
      if (!pending) return { kind: 'ignored', why: `already ${request.status}` };
      const rulingEnd = periods.calendar.endOf(notice.at, periods.ruling);
      request.status = 'accepted';
      request.courtCaseNumber = notice.courtCaseNumber;
      request.acceptedAt = notice.at;
      request.rulingDueAt = rulingEnd.dueAt;
      request.nextAttemptAt = null;
      return { kind: 'accepted', rulingEnd };
    }
    case 'refused':
      if (!pending) return { kind: 'ignored', why: `already ${request.status}` };
      request.status = 'refused';
      request.reasons = notice.reasons;
      request.ruledAt = notice.at;
      request.nextAttemptAt = null;
      return { kind: 'refused' };
    case 'ruling-extended': {
      if (request.status !== 'accepted' || request.rulingExtended || !request.rulingDueAt)
        return { kind: 'ignored', why: `no extendable ruling period (${request.status})` };
      const rulingEnd = periods.calendar.endAfter(request.rulingDueAt, periods.rulingExtension);
      request.rulingExtended = true;
      request.rulingDueAt = rulingEnd.dueAt;
      return { kind: 'extended', rulingEnd };
    }
    case 'ruled':
      if (request.status !== 'accepted')
        return { kind: 'ignored', why: `not awaiting a ruling (${request.status})` };
      request.status = notice.outcome;
      request.reasons = notice.outcome === 'rejected' ? notice.reasons : [];
      request.ruledAt = notice.at;
      return { kind: 'ruled', outcome: notice.outcome };
  }
}

/** Exponential backoff for a court that is down or slow: base, 2×base, 4×base… capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), maxMs);
}
