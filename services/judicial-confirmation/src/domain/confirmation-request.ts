import type { LegalCalendar, LegalPeriod } from '@chuishao/legal-calendar';
import type { EnforcementWindow } from './enforcement';

/**
 * One application for judicial confirmation, following the court's filing review (OASIS LegalXML
 * ECF): submitting (ours: not yet through to the court, retried) → submitted (the court has it) →
 * accepted (court case number) or refused → confirmed or rejected by a ruling.
 */
export const REQUEST_STATUSES = [
  'submitting',
  'submitted',
  'accepted',
  'refused',
  'confirmed',
  'rejected',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

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
  /** Once confirmed: until when a party may apply for enforcement (enforcement.ts). */
  enforcement: EnforcementWindow | null;
  correlationId: string;
}

/** What the court told us in a callback, adapter-neutral. */
export type CourtNotice =
  | { type: 'accepted'; courtCaseNumber: string; at: Date }
  | { type: 'refused'; reasons: string[]; at: Date }
  | { type: 'ruling-extended'; at: Date }
  | { type: 'ruled'; outcome: 'confirmed' | 'rejected'; reasons: string[]; at: Date };

/**
 * One live application per agreement: every one but a refused filing, after which the parties
 * may apply again. (The schema's partial unique index is the backstop of the same rule.)
 */
export function liveRequestOf<R extends Pick<ConfirmationRequest, 'status'>>(
  requests: readonly R[],
): R | null {
  return requests.find((r) => r.status !== 'refused') ?? null;
}

/** The court's periods and the calendar they are counted on. */
export interface CourtPeriods {
  calendar: LegalCalendar;
  /** From acceptance (15 days). */
  ruling: LegalPeriod;
  /** One extension, from the day after the ruling period's last day (10 days). */
  rulingExtension: LegalPeriod;
}

/** Exponential backoff for a court that is down or slow: base, 2×base, 4×base… capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  return Math.min(baseMs * 2 ** Math.max(0, attempts - 1), maxMs);
}
