import { Injectable } from '@nestjs/common';
import { type KnownCasesTable } from '@chuishao/persistence';
import { ServiceSql } from '@chuishao/platform';

/**
 * The service's tables as Kysely sees them (see migrations.ts), so every typed query is checked
 * by the compiler. Text columns whose values the domain knows (a status, a window state) and
 * jsonb columns stay loose here: confirmation-rows.ts checks them with a schema when a row becomes
 * a domain object. jsonb is written as its JSON text and read back as a value; numeric is read
 * back as text.
 */
export interface AgreementsTable {
  agreement_id: string;
  case_id: string;
  mediation_id: string;
  parties: unknown;
  mediator_id: string;
  matters: unknown;
  terms: string;
  amount: number | string | null;
  performance_deadline: Date | null;
  effective_at: Date;
  window_closes_at: Date;
  window_state: string;
  correlation_id: string;
}

export interface ConfirmationRequestsTable {
  request_id: string;
  agreement_id: string;
  case_id: string;
  court_id: string;
  consenting_parties: unknown;
  requested_by: string;
  requested_at: Date;
  status: string;
  filing_id: string | null;
  court_case_number: string | null;
  reasons: unknown;
  submit_attempts: number;
  next_attempt_at: Date | null;
  last_error: string | null;
  submitted_at: Date | null;
  accepted_at: Date | null;
  ruling_due_at: Date | null;
  ruling_extended: boolean;
  ruled_at: Date | null;
  enforcement_last_day: string | null;
  enforcement_closes_at: Date | null;
  enforcement_counted_from: string | null;
  correlation_id: string;
}

export interface CourtCallbacksTable {
  court_id: string;
  callback_id: string;
  request_id: string;
  notice_type: string;
  effect: string;
  received_at: Date;
}

export interface HolidaySchedulesTable {
  year: number;
  source: string;
  holidays: unknown;
  make_up_workdays: unknown;
  loaded_by: string;
  loaded_at: Date;
}

export interface CourtHealthTable {
  court_id: string;
  silent_since: Date | null;
  outage_since: Date | null;
  last_error: string | null;
}

export interface JudicialDatabase {
  agreements: AgreementsTable;
  confirmation_requests: ConfirmationRequestsTable;
  court_callbacks: CourtCallbacksTable;
  known_cases: KnownCasesTable;
  holiday_schedules: HolidaySchedulesTable;
  court_health: CourtHealthTable;
}

/** The typed query builder over this schema, running in the ambient transaction (libs/platform). */
@Injectable()
export class JudicialSql extends ServiceSql<JudicialDatabase> {}
