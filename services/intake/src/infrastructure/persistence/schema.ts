import { Injectable } from '@nestjs/common';
import { ServiceSql } from '@chuishao/platform';

/**
 * The case row as Kysely sees it (see migrations.ts), for the statements the Case decider's store
 * runs: typed rows, checked by the compiler. The parties and the trail are still written through
 * TypeORM (case.repository.ts, case-trail.repository.ts).
 */
export interface CasesTable {
  id: string;
  case_no: string;
  center_id: string;
  channel: string;
  dispute_type: string;
  summary: string;
  headcount: number;
  urgency: string;
  status: string;
  registered_at: Date;
  status_changed_at: Date;
  closed_at: Date | null;
  close_reason: string | null;
  follow_up_due_at: Date | null;
  followed_up_at: Date | null;
}

export interface IntakeDatabase {
  cases: CasesTable;
}

/** The typed query builder over this schema, running in the ambient transaction (libs/platform). */
@Injectable()
export class IntakeSql extends ServiceSql<IntakeDatabase> {}
