import { Injectable } from '@nestjs/common';
import { ServiceSql } from '@chuishao/platform';
import type { Generated } from 'kysely';

/**
 * The service's tables as Kysely sees them (see migrations.ts), so every typed query is checked
 * by the compiler. Text columns the database does not constrain (a session's approach level) and
 * jsonb columns stay loose here: mediation-rows.ts checks them with a schema when a row becomes a
 * domain object. jsonb is written as its JSON text and read back as an object.
 */
export interface KnownCasesTable {
  case_id: string;
  case_no: string;
  center_id: string;
  parties: string[];
  center_path: string[] | null;
}

export interface MediationsTable {
  id: string;
  case_id: string;
  whistle_id: string | null;
  opened_by: string;
  mediator_id: string | null;
  participants: string[];
  state: string;
  levels: unknown;
  session_count: number;
  opened_at: Date;
  closed_at: Date | null;
  failure: unknown;
  agreement_id: string | null;
  time_limit_due_at: Date | null;
  time_limit_missed_at: Date | null;
  performance_due_at: Date | null;
  performance: string | null;
}

export interface AgreementPerformanceRecordsTable {
  id: string;
  mediation_id: string;
  agreement_id: string;
  outcome: string;
  note: string | null;
  remedies: string[];
  recorded_by: string;
  recorded_at: Date;
  /** Insertion order, for reading the records in the order they were made. */
  seq: Generated<string>;
}

export interface MediationSessionsTable {
  id: string;
  mediation_id: string;
  mediator_id: string;
  started_at: Date;
  ended_at: Date;
  participants: string[];
  approach_level: string;
  tier_level: string;
  notes: string | null;
  recorded_at: Date;
}

export interface AgreementsTable {
  id: string;
  mediation_id: string;
  case_id: string;
  content: unknown;
  effective_at: Date;
  recorded_at: Date;
}

/** Holiday schedules loaded by ops (HolidayScheduleLoaded from judicial-confirmation), one per year. */
export interface HolidaySchedulesTable {
  year: number;
  source: string;
  holidays: unknown;
  make_up_workdays: unknown;
  loaded_at: Date;
}

export interface MediationDatabase {
  known_cases: KnownCasesTable;
  mediations: MediationsTable;
  mediation_sessions: MediationSessionsTable;
  agreements: AgreementsTable;
  agreement_performance_records: AgreementPerformanceRecordsTable;
  holiday_schedules: HolidaySchedulesTable;
}

/** The typed query builder over this schema, running in the ambient transaction (libs/platform). */
@Injectable()
export class MediationSql extends ServiceSql<MediationDatabase> {}
