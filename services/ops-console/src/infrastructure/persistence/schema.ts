import { Injectable } from '@nestjs/common';
import type { CaseEventFacts, CaseStatus } from '@chuishao/contracts';
import { TransactionHost, typedSql } from '@chuishao/persistence';
import type { Kysely } from 'kysely';

/**
 * The console's read-model tables as Kysely sees them (migrations.ts): the reads are typed
 * queries, their rows checked by the compiler, not cast. Rows may be created by whichever event
 * comes first, so every column beyond the key (and the few every event of the row knows) may
 * still be null.
 */
export interface CaseFilesTable {
  case_id: string;
  case_no: string | null;
  center_id: string | null;
  center_name: string | null;
  center_path: string[] | null;
  dispute_type: string | null;
  urgency: string | null;
  summary: string | null;
  /** People who came with the case (CaseRegistered). */
  headcount: number | null;
  place_latitude: number | null;
  place_longitude: number | null;
  status: CaseStatus | null;
  registered_at: Date | null;
  closed_at: Date | null;
  agreement_at: Date | null;
  mediation_failed_at: Date | null;
  confirmation: 'granted' | 'rejected' | null;
  last_event_at: Date;
  /** When a referral last moved the case (null: where it was registered). */
  placed_at: Date | null;
}

export interface TimelineEntriesTable {
  event_id: string;
  case_id: string;
  type: string;
  version: number;
  occurred_at: Date;
  actor_role: string;
  actor_id: string;
  summary: string;
  facts: CaseEventFacts;
}

export interface WhistlesTable {
  whistle_id: string;
  case_id: string;
  case_no: string | null;
  center_id: string | null;
  blown_at: Date | null;
  arrival_deadline: Date | null;
  completed_at: Date | null;
}

export interface SummonsTable {
  summons_id: string;
  whistle_id: string;
  case_id: string;
  department_id: string;
  department_name: string | null;
  summoned_at: Date | null;
  deadline: Date | null;
  acknowledged_at: Date | null;
  arrived_at: Date | null;
  declined_at: Date | null;
  reassigned_at: Date | null;
  stood_down_at: Date | null;
  warned_at: Date | null;
  breached_at: Date | null;
  breach_retracted_at: Date | null;
  en_route_at: Date | null;
  eta_at: Date | null;
  left_at: Date | null;
  arrival_latitude: number | null;
  arrival_longitude: number | null;
  arrival_accuracy_meters: number | null;
}

export interface BreachesTable {
  breach_id: string;
  summons_id: string;
  whistle_id: string;
  case_id: string;
  department_id: string;
  deadline: Date | null;
  breached_at: Date | null;
  retracted_at: Date | null;
  late_arrival_at: Date | null;
  lateness_seconds: number | null;
}

export interface EscalationsTable {
  escalation_id: string;
  breach_id: string;
  summons_id: string | null;
  whistle_id: string | null;
  case_id: string;
  department_id: string | null;
  level: number;
  target_kind: string | null;
  target_id: string | null;
  raised_at: Date | null;
  acknowledged_at: Date | null;
  acknowledged_by: string | null;
  note: string | null;
}

export interface FollowUpsTable {
  follow_up_id: string;
  case_id: string;
  closed_at: Date;
  due_at: Date | null;
  answered_at: Date | null;
  channel: string | null;
  answer: 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null;
  resolved: boolean | null;
}

export interface OutsideOutagesTable {
  party: string;
  party_id: string;
  since: Date;
  detected_at: Date | null;
  last_error: string | null;
  ended_at: Date | null;
}

export interface ConsoleDatabase {
  outside_outages: OutsideOutagesTable;
  case_files: CaseFilesTable;
  timeline_entries: TimelineEntriesTable;
  whistles: WhistlesTable;
  summons: SummonsTable;
  breaches: BreachesTable;
  escalations: EscalationsTable;
  follow_ups: FollowUpsTable;
}

/** The typed query builder, running in the ambient transaction (TransactionHost). */
@Injectable()
export class ConsoleSql {
  readonly db: Kysely<ConsoleDatabase>;
  constructor(readonly transactions: TransactionHost) {
    this.db = typedSql<ConsoleDatabase>(transactions);
  }
}
