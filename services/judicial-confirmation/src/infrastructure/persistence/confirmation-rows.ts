import { AGREEMENT_MATTER_CATEGORIES } from '@chuishao/contracts';
import { z } from 'zod';
import type { Agreement } from '../../domain/agreement';
import { REQUEST_STATUSES, type ConfirmationRequest } from '../../domain/confirmation-request';
import type { EnforcementWindow } from '../../domain/enforcement';
import type { AgreementsTable, ConfirmationRequestsTable } from './schema';

/**
 * Rows become domain objects only through these schemas: a status, a window state or a time the
 * domain would not know fails here, at the boundary, naming the column, instead of travelling on
 * as a cast.
 */
const agreementRow = z.object({
  agreement_id: z.string(),
  case_id: z.string(),
  mediation_id: z.string(),
  parties: z.array(z.string()),
  mediator_id: z.string(),
  matters: z.array(z.object({ category: z.enum(AGREEMENT_MATTER_CATEGORIES), description: z.string() })),
  terms: z.string(),
  // numeric comes back as text (its precision is not a JavaScript number's).
  amount: z.union([z.number(), z.string()]).nullable(),
  performance_deadline: z.date().nullable(),
  effective_at: z.date(),
  window_closes_at: z.date(),
  window_state: z.enum(['open', 'applied', 'missed']),
  correlation_id: z.string(),
});

const requestRow = z.object({
  request_id: z.string(),
  agreement_id: z.string(),
  case_id: z.string(),
  court_id: z.string(),
  consenting_parties: z.array(z.string()),
  requested_by: z.string(),
  requested_at: z.date(),
  status: z.enum(REQUEST_STATUSES),
  filing_id: z.string().nullable(),
  court_case_number: z.string().nullable(),
  reasons: z.array(z.string()),
  submit_attempts: z.number().int(),
  next_attempt_at: z.date().nullable(),
  last_error: z.string().nullable(),
  submitted_at: z.date().nullable(),
  accepted_at: z.date().nullable(),
  ruling_due_at: z.date().nullable(),
  ruling_extended: z.boolean(),
  ruled_at: z.date().nullable(),
  enforcement_last_day: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .nullable(),
  enforcement_closes_at: z.date().nullable(),
  enforcement_counted_from: z.enum(['performance-deadline', 'ruling']).nullable(),
  correlation_id: z.string(),
});

export function agreementOfRow(row: unknown): Agreement {
  const r = agreementRow.parse(row);
  return {
    agreementId: r.agreement_id,
    caseId: r.case_id,
    mediationId: r.mediation_id,
    parties: r.parties,
    mediatorId: r.mediator_id,
    matters: r.matters,
    terms: r.terms,
    amount: r.amount === null ? null : Number(r.amount),
    performanceDeadline: r.performance_deadline,
    effectiveAt: r.effective_at,
    windowClosesAt: r.window_closes_at,
    windowState: r.window_state,
    correlationId: r.correlation_id,
  };
}

/** An agreement's row; jsonb as its JSON text. */
export function agreementRowOf(a: Agreement): AgreementsTable {
  return {
    agreement_id: a.agreementId,
    case_id: a.caseId,
    mediation_id: a.mediationId,
    parties: JSON.stringify(a.parties),
    mediator_id: a.mediatorId,
    matters: JSON.stringify(a.matters),
    terms: a.terms,
    amount: a.amount,
    performance_deadline: a.performanceDeadline,
    effective_at: a.effectiveAt,
    window_closes_at: a.windowClosesAt,
    window_state: a.windowState,
    correlation_id: a.correlationId,
  };
}

/** The three enforcement columns are set together (the table's check): all of them, or none. */
function enforcementOfRow(r: z.infer<typeof requestRow>): EnforcementWindow | null {
  const { enforcement_last_day: lastDay, enforcement_closes_at: closesAt } = r;
  const countedFrom = r.enforcement_counted_from;
  return lastDay && closesAt && countedFrom ? { lastDay, closesAt, countedFrom } : null;
}

export function requestOfRow(row: unknown): ConfirmationRequest {
  const r = requestRow.parse(row);
  return {
    requestId: r.request_id,
    agreementId: r.agreement_id,
    caseId: r.case_id,
    courtId: r.court_id,
    consentingParties: r.consenting_parties,
    requestedBy: r.requested_by,
    requestedAt: r.requested_at,
    status: r.status,
    filingId: r.filing_id,
    courtCaseNumber: r.court_case_number,
    reasons: r.reasons,
    submitAttempts: r.submit_attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    submittedAt: r.submitted_at,
    acceptedAt: r.accepted_at,
    rulingDueAt: r.ruling_due_at,
    rulingExtended: r.ruling_extended,
    ruledAt: r.ruled_at,
    enforcement: enforcementOfRow(r),
    correlationId: r.correlation_id,
  };
}

/** A request's row; jsonb as its JSON text. */
export function requestRowOf(r: ConfirmationRequest): ConfirmationRequestsTable {
  return {
    request_id: r.requestId,
    agreement_id: r.agreementId,
    case_id: r.caseId,
    court_id: r.courtId,
    consenting_parties: JSON.stringify(r.consentingParties),
    requested_by: r.requestedBy,
    requested_at: r.requestedAt,
    status: r.status,
    filing_id: r.filingId,
    court_case_number: r.courtCaseNumber,
    reasons: JSON.stringify(r.reasons),
    submit_attempts: r.submitAttempts,
    next_attempt_at: r.nextAttemptAt,
    last_error: r.lastError,
    submitted_at: r.submittedAt,
    accepted_at: r.acceptedAt,
    ruling_due_at: r.rulingDueAt,
    ruling_extended: r.rulingExtended,
    ruled_at: r.ruledAt,
    enforcement_last_day: r.enforcement?.lastDay ?? null,
    enforcement_closes_at: r.enforcement?.closesAt ?? null,
    enforcement_counted_from: r.enforcement?.countedFrom ?? null,
    correlation_id: r.correlationId,
  };
}
