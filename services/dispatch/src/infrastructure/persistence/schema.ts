import { Injectable } from '@nestjs/common';
import { ServiceSql } from '@chuishao/platform';

/**
 * The service's tables as Kysely sees them (see migrations.ts), so every typed query is checked
 * by the compiler. Text columns the database does not constrain (a summons' status, a case's
 * dispute type) stay `string` here: whistle-rows.ts checks them with a schema when a row becomes
 * a domain object.
 */
export interface KnownCasesTable {
  case_id: string;
  case_no: string;
  center_id: string;
  center_path: string[];
  dispute_type: string;
  urgency: string;
  closed: boolean;
}

export interface RoutingRulesTable {
  dispute_type: string;
  department_kinds: string[];
  updated_at: Date;
}

export interface WhistlesTable {
  id: string;
  case_id: string;
  case_no: string;
  center_id: string;
  status: string;
  reason: string | null;
  sla_seconds: number;
  blown_at: Date;
  arrival_deadline: Date;
  completed_at: Date | null;
}

export interface WhistleSummonsTable {
  id: string;
  whistle_id: string;
  position: number;
  department_id: string;
  department_name: string;
  department_kind: string;
  status: string;
  arrival_deadline: Date;
  acknowledged_at: Date | null;
  arrived_at: Date | null;
  declined_at: Date | null;
  decline_reason: string | null;
  replaced_by_summons_id: string | null;
  stood_down_at: Date | null;
  stand_down_reason: string | null;
}

export interface DispatchDatabase {
  known_cases: KnownCasesTable;
  routing_rules: RoutingRulesTable;
  whistles: WhistlesTable;
  whistle_summons: WhistleSummonsTable;
}

/** The typed query builder over this schema, running in the ambient transaction (libs/platform). */
@Injectable()
export class DispatchSql extends ServiceSql<DispatchDatabase> {}
