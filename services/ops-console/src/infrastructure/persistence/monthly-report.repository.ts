import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { MonthlyCaseFact } from '../../domain/monthly-report';
import { ConsoleSql } from './schema';

const TIERS = [null, 'district', 'town', 'village'] as const;

/** A center as the read model knows it: its path (district → … → itself) and name. */
export interface KnownCenter {
  centerId: string;
  centerName: string;
  path: string[];
}

/** What the monthly report reads: the center, and the facts of the cases at it or below it. */
@Injectable()
export class MonthlyReportRepository {
  constructor(private readonly sql: ConsoleSql) {}

  /** Known once a case has been at it or below it; its name once a case has been at it. */
  async center(centerId: string): Promise<KnownCenter | null> {
    const { rows } = await sql<{ path: string[]; name: string | null }>`
      SELECT c.center_path[1:array_position(c.center_path, ${centerId}::text)] AS path,
             (SELECT n.center_name FROM case_files n WHERE n.center_id = ${centerId}::text
               ORDER BY n.last_event_at DESC LIMIT 1) AS name
        FROM case_files c
       WHERE ${centerId}::text = ANY(c.center_path)
       LIMIT 1`.execute(this.sql.db);
    const row = rows[0];
    return row ? { centerId, centerName: row.name ?? centerId, path: row.path } : null;
  }

  /**
   * The cases now at the center or below it (after any referral) with anything of the report in
   * [from, to): registered, whistled, agreed, failed or closed.
   */
  async facts(centerId: string, from: Date, to: Date): Promise<MonthlyCaseFact[]> {
    const { rows } = await sql<{
      case_id: string;
      registered_at: Date | null;
      headcount: number | null;
      blown_at: Date | null;
      agreement_at: Date | null;
      mediation_failed_at: Date | null;
      closed_at: Date | null;
      depth: number | null;
    }>`
      SELECT * FROM (
        SELECT c.case_id, c.registered_at, c.headcount, c.agreement_at, c.mediation_failed_at, c.closed_at,
               cardinality(c.center_path) AS depth,
               (SELECT min(w.blown_at) FROM whistles w WHERE w.case_id = c.case_id) AS blown_at
          FROM case_files c
         WHERE ${centerId}::text = ANY(c.center_path)) f
       WHERE (f.registered_at >= ${from} AND f.registered_at < ${to})
          OR (f.blown_at >= ${from} AND f.blown_at < ${to})
          OR (f.agreement_at >= ${from} AND f.agreement_at < ${to})
          OR (f.mediation_failed_at >= ${from} AND f.mediation_failed_at < ${to})
          OR (f.closed_at >= ${from} AND f.closed_at < ${to})`.execute(this.sql.db);
    return rows.map((r) => ({
      caseId: r.case_id,
      registeredAt: r.registered_at,
      headcount: r.headcount,
      whistleBlownAt: r.blown_at,
      agreementAt: r.agreement_at,
      mediationFailedAt: r.mediation_failed_at,
      closedAt: r.closed_at,
      tier: TIERS[r.depth ?? 0] ?? null,
    }));
  }
}
