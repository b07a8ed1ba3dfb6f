import { Injectable } from '@nestjs/common';
import { sql, type NotNull, type SqlBool } from 'kysely';
import {
  toBoardSummons,
  toEscalation,
  type BoardCounts,
  type BoardSummonsRow,
  type BreachRow,
  type EscalationRow,
} from './board-read-rows';
import { ConsoleSql } from './schema';

export type { BoardCounts, BoardSummonsRow, BreachRow, EscalationRow } from './board-read-rows';

/**
 * A case's place in the reader's reach: `within` null is the whole network; otherwise the case's
 * center path (from CaseRegistered, the table aliased `c`) must hold that center. A case whose
 * registration the console has not seen has no path, so only the whole network's readers see it
 * (reachesCase agrees).
 */
export const inScope = (within: string | null) =>
  within === null ? sql<SqlBool>`true` : sql<SqlBool>`${within} = ANY(${sql.ref('c.center_path')})`;

const count = sql<number>`count(*)::int`;

/** What the SLA board reads: open whistles with their summons, breaches, escalations, counts. */
@Injectable()
export class BoardReadModel {
  constructor(private readonly sql: ConsoleSql) {}

  /** Every summons of the whistles still open (not completed, case not closed), within a center. */
  async openWhistleSummons(within: string | null = null): Promise<BoardSummonsRow[]> {
    const rows = await this.sql.db
      .selectFrom('summons as s')
      .innerJoin('whistles as w', 'w.whistle_id', 's.whistle_id')
      .leftJoin('case_files as c', 'c.case_id', 'w.case_id')
      .selectAll('s')
      .select(['w.case_no', 'w.center_id', 'w.blown_at', 'c.place_latitude', 'c.place_longitude'])
      .where('w.completed_at', 'is', null)
      .where('w.blown_at', 'is not', null)
      .where('s.deadline', 'is not', null)
      .where('c.closed_at', 'is', null)
      .where(inScope(within))
      .orderBy('w.blown_at')
      .orderBy('s.deadline')
      .orderBy('s.summons_id')
      .$narrowType<{ deadline: NotNull }>()
      .execute();
    return rows.map(toBoardSummons);
  }

  async summonsOfCase(caseId: string): Promise<BoardSummonsRow[]> {
    const rows = await this.sql.db
      .selectFrom('summons as s')
      .leftJoin('whistles as w', 'w.whistle_id', 's.whistle_id')
      .leftJoin('case_files as c', 'c.case_id', 's.case_id')
      .selectAll('s')
      .select(['w.case_no', 'w.center_id', 'w.blown_at', 'c.place_latitude', 'c.place_longitude'])
      .where('s.case_id', '=', caseId)
      .where('s.deadline', 'is not', null)
      .orderBy('s.summoned_at')
      .orderBy('s.summons_id')
      .$narrowType<{ deadline: NotNull }>()
      .execute();
    return rows.map(toBoardSummons);
  }

  async recentBreaches(limit: number, within: string | null = null): Promise<BreachRow[]> {
    const rows = await this.sql.db
      .selectFrom('breaches as b')
      .leftJoin('whistles as w', 'w.whistle_id', 'b.whistle_id')
      .leftJoin('summons as s', 's.summons_id', 'b.summons_id')
      .leftJoin('case_files as c', 'c.case_id', 'b.case_id')
      .selectAll('b')
      .select(['w.case_no', 's.department_name'])
      .where(inScope(within))
      .orderBy('b.breached_at', (order) => order.desc().nullsLast())
      .orderBy('b.breach_id', 'desc')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      breachId: r.breach_id,
      summonsId: r.summons_id,
      whistleId: r.whistle_id,
      caseId: r.case_id,
      caseNo: r.case_no,
      departmentId: r.department_id,
      departmentName: r.department_name,
      deadline: r.deadline,
      breachedAt: r.breached_at,
      retractedAt: r.retracted_at,
      lateArrivalAt: r.late_arrival_at,
      latenessSeconds: r.lateness_seconds,
    }));
  }

  /** Escalations nobody has acknowledged yet whose breach is still open (and department expected), oldest first. */
  async openEscalations(within: string | null = null): Promise<EscalationRow[]> {
    const rows = await this.escalations()
      .leftJoin('case_files as c', 'c.case_id', 'e.case_id')
      .where('e.acknowledged_at', 'is', null)
      .where('b.retracted_at', 'is', null)
      .where('b.late_arrival_at', 'is', null)
      // A department stood down is no longer expected: nothing left to chase (sla-timer withdraws it).
      .where('s.stood_down_at', 'is', null)
      .where(inScope(within))
      .execute();
    return rows.map(toEscalation);
  }

  async escalationsOfCase(caseId: string): Promise<EscalationRow[]> {
    const rows = await this.escalations().where('e.case_id', '=', caseId).execute();
    return rows.map(toEscalation);
  }

  /** Escalations with their case number, department and whether their breach has closed. */
  private escalations() {
    return this.sql.db
      .selectFrom('escalations as e')
      .leftJoin('breaches as b', 'b.breach_id', 'e.breach_id')
      .leftJoin('whistles as w', 'w.whistle_id', 'e.whistle_id')
      .leftJoin('summons as s', 's.summons_id', 'e.summons_id')
      .selectAll('e')
      .select(['w.case_no', 's.department_name'])
      .select(
        sql<boolean>`COALESCE(b.retracted_at IS NOT NULL OR b.late_arrival_at IS NOT NULL OR s.stood_down_at IS NOT NULL, false)`.as(
          'breach_closed',
        ),
      )
      .orderBy('e.raised_at', (order) => order.asc().nullsLast())
      .orderBy('e.escalation_id');
  }

  async counts(within: string | null = null): Promise<BoardCounts> {
    const db = this.sql.db;
    const row = await db
      .selectNoFrom((eb) => [
        eb.selectFrom('case_files as c').select(count.as('n')).where(inScope(within)).as('cases'),
        eb
          .selectFrom('whistles as w')
          .leftJoin('case_files as c', 'c.case_id', 'w.case_id')
          .select(count.as('n'))
          .where('w.completed_at', 'is', null)
          .where('w.blown_at', 'is not', null)
          .where(inScope(within))
          .as('open_whistles'),
        eb
          .selectFrom('breaches as b')
          .leftJoin('case_files as c', 'c.case_id', 'b.case_id')
          .select(count.as('n'))
          .where('b.retracted_at', 'is', null)
          .where('b.late_arrival_at', 'is', null)
          .where(inScope(within))
          .as('open_breaches'),
        eb
          .selectFrom('escalations as e')
          .leftJoin('breaches as b', 'b.breach_id', 'e.breach_id')
          .leftJoin('case_files as c', 'c.case_id', 'e.case_id')
          .select(count.as('n'))
          .where('e.acknowledged_at', 'is', null)
          .where('b.retracted_at', 'is', null)
          .where('b.late_arrival_at', 'is', null)
          .where(inScope(within))
          .as('open_escalations'),
      ])
      .executeTakeFirstOrThrow();
    return {
      cases: row.cases ?? 0,
      openWhistles: row.open_whistles ?? 0,
      openBreaches: row.open_breaches ?? 0,
      openEscalations: row.open_escalations ?? 0,
    };
  }
}
