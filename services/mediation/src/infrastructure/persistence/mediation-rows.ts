import {
  AGREEMENT_MATTER_CATEGORIES,
  MEDIATION_APPROACH_LEVELS,
  MEDIATION_REFERRALS,
  MEDIATION_TIER_LEVELS,
  PERFORMANCE_OUTCOMES,
  PERFORMANCE_REMEDIES,
} from '@chuishao/contracts';
import { rowReader, rowWriter } from '@chuishao/persistence';
import type { Insertable } from 'kysely';
import { z } from 'zod';
import type { Agreement, Mediation, MediationSession, PerformanceRecord } from '../../domain/mediation';
import type {
  AgreementPerformanceRecordsTable,
  AgreementsTable,
  MediationSessionsTable,
  MediationsTable,
} from './schema';

/**
 * Rows become domain objects only through these schemas: a state, a level or a time the domain
 * would not know fails here, at the boundary, naming the column, instead of travelling on as a
 * cast. Times inside jsonb are ISO strings.
 */
const instant = z.coerce.date();
const tierLevel = z.enum(MEDIATION_TIER_LEVELS);

const levelStint = z.object({
  level: tierLevel,
  startedAt: instant,
  dueAt: instant,
  missedAt: instant.nullable(),
});

const mediationRow = z.object({
  id: z.string(),
  case_id: z.string(),
  whistle_id: z.string().nullable(),
  opened_by: z.enum(['whistle', 'hand']),
  mediator_id: z.string().nullable(),
  participants: z.array(z.string()),
  state: z.enum(['open', 'agreed', 'failed']),
  levels: z.array(levelStint).min(1),
  session_count: z.number().int(),
  opened_at: z.date(),
  closed_at: z.date().nullable(),
  failure: z.object({ reason: z.string(), referral: z.enum(MEDIATION_REFERRALS) }).nullable(),
  agreement_id: z.string().nullable(),
  time_limit_due_at: z.date().nullable(),
  time_limit_missed_at: z.date().nullable(),
  performance_due_at: z.date().nullable(),
  performance: z.enum(PERFORMANCE_OUTCOMES).nullable(),
});

const sessionRow = z.object({
  id: z.string(),
  mediation_id: z.string(),
  mediator_id: z.string(),
  started_at: z.date(),
  ended_at: z.date(),
  participants: z.array(z.string()),
  approach_level: z.enum(MEDIATION_APPROACH_LEVELS),
  tier_level: tierLevel,
  notes: z.string().nullable(),
  recorded_at: z.date(),
});

const signature = z.object({ party: z.string(), signedAt: instant });

const agreementContent = z.object({
  facts: z.string(),
  mattersInDispute: z.array(
    z.object({ category: z.enum(AGREEMENT_MATTER_CATEGORIES), description: z.string() }),
  ),
  responsibilities: z.array(z.object({ party: z.string(), responsibility: z.string() })),
  terms: z.string(),
  amount: z.number().nullable(),
  performance: z.object({ manner: z.string(), deadline: instant.nullable() }),
  partySignatures: z.array(signature),
  mediatorSignature: z.object({ mediator: z.string(), signedAt: instant }),
});

const agreementRow = z.object({
  id: z.string(),
  mediation_id: z.string(),
  case_id: z.string(),
  content: agreementContent,
  effective_at: z.date(),
  recorded_at: z.date(),
});

export const mediationOfRow = rowReader<Mediation>()(mediationRow);

/** A mediation's row; jsonb as its JSON text. */
export function mediationRowOf(m: Mediation): MediationsTable {
  const { levels, failure } = m;
  return rowWriter<MediationsTable>()({
    ...m,
    levels: JSON.stringify(levels),
    failure: failure ? JSON.stringify(failure) : null,
  });
}

export const sessionOfRow = rowReader<MediationSession>()(sessionRow);

export const sessionRowOf = (s: MediationSession) => rowWriter<MediationSessionsTable>()(s);

export function agreementOfRow(row: unknown): Agreement {
  const r = agreementRow.parse(row);
  return {
    ...r.content,
    id: r.id,
    mediationId: r.mediation_id,
    caseId: r.case_id,
    effectiveAt: r.effective_at,
    recordedAt: r.recorded_at,
  };
}

/** The art. 29 content goes into one jsonb column; ids and times have columns of their own. */
export function agreementRowOf(a: Agreement): AgreementsTable {
  const { id, mediationId, caseId, effectiveAt, recordedAt, ...content } = a;
  return {
    id,
    mediation_id: mediationId,
    case_id: caseId,
    content: JSON.stringify(content),
    effective_at: effectiveAt,
    recorded_at: recordedAt,
  };
}

const performanceRow = z.object({
  id: z.string(),
  mediation_id: z.string(),
  agreement_id: z.string(),
  outcome: z.enum(PERFORMANCE_OUTCOMES),
  note: z.string().nullable(),
  remedies: z.array(z.enum(PERFORMANCE_REMEDIES)),
  recorded_by: z.string(),
  recorded_at: z.date(),
});

export const performanceOfRow = rowReader<PerformanceRecord>()(performanceRow);

export const performanceRowOf = (p: PerformanceRecord) =>
  rowWriter<Insertable<AgreementPerformanceRecordsTable>>()(p);
