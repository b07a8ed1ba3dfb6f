import { Injectable } from '@nestjs/common';
import type { FollowUpOutcome } from '@chuishao/contracts';
import { sql } from 'kysely';
import { ConsoleSql } from './schema';

/** A follow-up as a scorecard groups it: under a center (or a department) and its outcome. */
export interface GroupedFollowUp extends FollowUpOutcome {
  groupId: string;
}

type Row = {
  group_id: string;
  due_at: Date;
  answer: FollowUpOutcome['answer'];
  resolved: boolean | null;
};

const outcome = (r: Row): GroupedFollowUp => ({
  groupId: r.group_id,
  dueAt: r.due_at,
  answer: r.answer,
  resolved: r.resolved,
});

/**
 * The follow-ups (回访) of the cases closed in [from, to), each under every center of its case's
 * path (the center holding the case, after any referral, and those above it) or under every
 * department summoned to its case. `within` keeps to a reader's subtree, as the tier scorecard.
 * A follow-up whose due time is not known yet (its FollowUpScheduled not projected) is left out.
 */
@Injectable()
export class FollowUpScorecardRepository {
  constructor(private readonly sql: ConsoleSql) {}

  async byCenter(from: Date, to: Date, within: string | null): Promise<GroupedFollowUp[]> {
    const { rows } = await sql<Row>`
      SELECT p.center_id AS group_id, f.due_at, f.answer, f.resolved
        FROM follow_ups f
        JOIN case_files c ON c.case_id = f.case_id
       CROSS JOIN LATERAL unnest(c.center_path) WITH ORDINALITY AS p(center_id, depth)
       WHERE f.closed_at >= ${from} AND f.closed_at < ${to} AND f.due_at IS NOT NULL
         AND (${within}::text IS NULL OR p.depth >= array_position(c.center_path, ${within}::text))`.execute(
      this.sql.db,
    );
    return rows.map(outcome);
  }

  async byDepartment(from: Date, to: Date, within: string | null): Promise<GroupedFollowUp[]> {
    const { rows } = await sql<Row>`
      SELECT d.department_id AS group_id, f.due_at, f.answer, f.resolved
        FROM follow_ups f
        JOIN case_files c ON c.case_id = f.case_id
        JOIN (SELECT DISTINCT case_id, department_id FROM summons) d ON d.case_id = f.case_id
       WHERE f.closed_at >= ${from} AND f.closed_at < ${to} AND f.due_at IS NOT NULL
         AND (${within}::text IS NULL OR ${within}::text = ANY(c.center_path))`.execute(this.sql.db);
    return rows.map(outcome);
  }
}
