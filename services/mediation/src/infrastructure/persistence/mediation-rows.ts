import {
  AGREEMENT_MATTER_CATEGORIES,
  MEDIATION_APPROACH_LEVELS,
  MEDIATION_REFERRALS,
  MEDIATION_TIER_LEVELS,
  PERFORMANCE_OUTCOMES,
  PERFORMANCE_REMEDIES,
} from '@chuishao/contracts';
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

export function mediationOfRow(row: unknown): Mediation {
  const r = mediationRow.parse(row);
  return {
    id: r.id,
    caseId: r.case_id,
    whistleId: r.whistle_id,
    openedBy: r.opened_by,
    mediatorId: r.mediator_id,
    participants: r.participants,
    state: r.state,
    levels: r.levels,
    sessionCount: r.session_count,
    openedAt: r.opened_at,
    timeLimitDueAt: r.time_limit_due_at,
    timeLimitMissedAt: r.time_limit_missed_at,
    closedAt: r.closed_at,
    failure: r.failure,
    agreementId: r.agreement_id,
    performanceDueAt: r.performance_due_at,
    performance: r.performance,
  };
}

/** A mediation's row; jsonb as its JSON text. */
export function mediationRowOf(m: Mediation): MediationsTable {
  return {
    id: m.id,
    case_id: m.caseId,
    whistle_id: m.whistleId,
    opened_by: m.openedBy,
    mediator_id: m.mediatorId,
    participants: m.participants,
    state: m.state,
    levels: JSON.stringify(m.levels),
    session_count: m.sessionCount,
    opened_at: m.openedAt,
    closed_at: m.closedAt,
    failure: m.failure ? JSON.stringify(m.failure) : null,
    agreement_id: m.agreementId,
    time_limit_due_at: m.timeLimitDueAt,
    time_limit_missed_at: m.timeLimitMissedAt,
    performance_due_at: m.performanceDueAt,
    performance: m.performance,
  };
}

export function sessionOfRow(row: unknown): MediationSession {
  const r = sessionRow.parse(row);
  return {
    id: r.id,
    mediationId: r.mediation_id,
    mediatorId: r.mediator_id,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    participants: r.participants,
    approachLevel: r.approach_level,
    tierLevel: r.tier_level,
    notes: r.notes,
    recordedAt: r.recorded_at,
  };
}

export function sessionRowOf(s: MediationSession): MediationSessionsTable {
  return {
    id: s.id,
    mediation_id: s.mediationId,
    mediator_id: s.mediatorId,
    started_at: s.startedAt,
    ended_at: s.endedAt,
    participants: s.participants,
    approach_level: s.approachLevel,
    tier_level: s.tierLevel,
    notes: s.notes,
    recorded_at: s.recordedAt,
  };
}

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

export function performanceOfRow(row: unknown): PerformanceRecord {
  const r = performanceRow.parse(row);
  return {
    id: r.id,
    mediationId: r.mediation_id,
    agreementId: r.agreement_id,
    outcome: r.outcome,
    note: r.note,
    remedies: r.remedies,
    recordedBy: r.recorded_by,
    recordedAt: r.recorded_at,
  };
}

export function performanceRowOf(p: PerformanceRecord): Insertable<AgreementPerformanceRecordsTable> {
  return {
    id: p.id,
    mediation_id: p.mediationId,
    agreement_id: p.agreementId,
    outcome: p.outcome,
    note: p.note,
    remedies: p.remedies,
    recorded_by: p.recordedBy,
    recorded_at: p.recordedAt,
  };
}
