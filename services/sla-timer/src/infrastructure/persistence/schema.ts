import { Injectable } from '@nestjs/common';
import { type KnownCasesTable } from '@chuishao/persistence';
import { ServiceSql } from '@chuishao/platform';
import { sql, type ExpressionBuilder, type Expression, type SqlBool } from 'kysely';
import type { LadderPolicy, LegacyPolicy } from '../../domain/escalation-policy';
import type { SlaState } from '../../domain/sla';
import type { TimerState } from '../../domain/timer';

export type BreachState = 'open' | 'retracted' | 'late' | 'withdrawn';
export type EscalationState = 'open' | 'acknowledged' | 'withdrawn';
export type ResponseKind = 'acknowledged' | 'arrived' | 'declined';

/**
 * The service's tables as Kysely sees them (see migrations.ts), so every query is checked by the
 * compiler and its rows come back typed: no casts of row fields. CHECK constraints in the schema
 * back the narrowed text columns (state, kind).
 */
export interface SummonsSlaTable {
  summons_id: string;
  whistle_id: string;
  case_id: string;
  center_id: string;
  department_id: string;
  department_name: string;
  summoned_at: Date;
  deadline: Date;
  /** v2, or a v1 snapshot of a whistle blown before policies were data (read through readPolicy). */
  policy: LadderPolicy | LegacyPolicy;
  state: SlaState;
  acknowledged_at: Date | null;
  arrived_at: Date | null;
  warned_at: Date | null;
  breach_id: string | null;
  escalation_level: number;
  correlation_id: string;
  causation_id: string;
}

export interface BreachesTable {
  id: string;
  summons_id: string;
  whistle_id: string;
  case_id: string;
  center_id: string;
  department_id: string;
  deadline: Date;
  breached_at: Date;
  state: BreachState;
  arrived_at: Date | null;
  lateness_seconds: number | null;
  closed_at: Date | null;
}

export interface EscalationsTable {
  id: string;
  breach_id: string;
  summons_id: string;
  whistle_id: string;
  case_id: string;
  department_id: string;
  level: number;
  target_kind: 'department_head' | 'on_duty_liaison' | 'center';
  target_id: string;
  raised_at: Date;
  state: EscalationState;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  note: string | null;
}

export interface EarlyResponsesTable {
  summons_id: string;
  kind: ResponseKind;
  at: Date;
  event_id: string;
  correlation_id: string;
}

export interface TimersTable {
  id: string;
  kind: string;
  subject: string;
  due_at: Date;
  payload: Record<string, unknown>;
  generation: number;
  state: TimerState;
  armed_at: Date;
  fired_at: Date | null;
  lateness_ms: number | null;
  attempts: number;
  last_error: string | null;
}

export interface EscalationPoliciesTable {
  scope: string;
  center_id: string | null;
  dispute_type: string | null;
  policy: LadderPolicy;
  updated_by: string;
  updated_at: Date;
}

export interface SlaDatabase {
  escalation_policies: EscalationPoliciesTable;
  summons_sla: SummonsSlaTable;
  breaches: BreachesTable;
  escalations: EscalationsTable;
  known_cases: KnownCasesTable;
  early_responses: EarlyResponsesTable;
  timers: TimersTable;
}

/** The typed query builder over this schema, running in the ambient transaction (libs/platform). */
@Injectable()
export class SlaSql extends ServiceSql<SlaDatabase> {}

/**
 * A row's case within the reader's centers: `null` is the whole network; otherwise the case's
 * center path (from CaseRegistered, in known_cases) must hold that center. A case whose
 * registration was not seen has no path and is left out.
 */
export function caseWithin<T extends 'summons_sla' | 'breaches'>(
  eb: ExpressionBuilder<SlaDatabase, T>,
  table: T,
  within: string | null,
): Expression<SqlBool> {
  if (within === null) return sql<boolean>`true`;
  return eb.exists(
    eb
      .selectFrom('known_cases as k')
      .select(sql.lit(1).as('one'))
      .where(sql<boolean>`k.case_id = ${sql.ref(`${table}.case_id`)} AND ${within} = ANY(k.center_path)`),
  );
}
