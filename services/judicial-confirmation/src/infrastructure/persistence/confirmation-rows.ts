import { AGREEMENT_MATTER_CATEGORIES } from '@chuishao/contracts';
import { rowReader, rowWriter } from '@chuishao/persistence';
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
  amount: z
    .union([z.number(), z.string()])
    .nullable()
    .transform((amount) => (amount === null ? null : Number(amount))),
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

export const agreementOfRow = rowReader<Agreement>()(agreementRow);

/** An agreement's row; jsonb as its JSON text. */
export function agreementRowOf(a: Agreement): AgreementsTable {
  return rowWriter<AgreementsTable>()({
    ...a,
    parties: JSON.stringify(a.parties),
    matters: JSON.stringify(a.matters),
  });
}

/** The three enforcement columns are set together (the table's check): all of them, or none. */
function enforcementOfRow(
  lastDay: string | null,
  closesAt: Date | null,
  countedFrom: EnforcementWindow['countedFrom'] | null,
): EnforcementWindow | null {
  return lastDay && closesAt && countedFrom ? { lastDay, closesAt, countedFrom } : null;
}

export const requestOfRow = rowReader<ConfirmationRequest>()(
  requestRow.transform(
    ({ enforcement_last_day, enforcement_closes_at, enforcement_counted_from, ...columns }) => ({
      ...columns,
      enforcement: enforcementOfRow(enforcement_last_day, enforcement_closes_at, enforcement_counted_from),
    }),
  ),
);

/** A request's row; jsonb as its JSON text. */
export function requestRowOf(r: ConfirmationRequest): ConfirmationRequestsTable {
  const { enforcement, ...fields } = r;
  return rowWriter<ConfirmationRequestsTable>()({
    ...fields,
    consentingParties: JSON.stringify(r.consentingParties),
    reasons: JSON.stringify(r.reasons),
    enforcementLastDay: enforcement?.lastDay ?? null,
    enforcementClosesAt: enforcement?.closesAt ?? null,
    enforcementCountedFrom: enforcement?.countedFrom ?? null,
  });
}
