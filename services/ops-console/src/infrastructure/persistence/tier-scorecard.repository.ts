import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { ConsoleSql } from './schema';

/** Cases closed in a period under one center, by the tier of the center that closed them. */
export interface ResolvedByTier {
  centerId: string;
  resolved: number;
  atVillage: number;
  atTown: number;
  atDistrict: number;
}

/**
 * Where cases end (小事不出村、大事不出镇): for every center, the cases closed in [from, to) at
 * it or at a center below it, counted by the tier of the center that held each case when it
 * closed (its path's length: 1 district, 2 town, 3 village; a referral moves the path). `within`
 * keeps to a reader's subtree: that center and those below it, never the ones above.
 */
@Injectable()
export class TierScorecardRepository {
  constructor(private readonly sql: ConsoleSql) {}

  async resolvedByTier(from: Date, to: Date, within: string | null): Promise<ResolvedByTier[]> {
    const { rows } = await sql<{
      center_id: string;
      resolved: number;
      at_village: number;
      at_town: number;
      at_district: number;
    }>`
      SELECT p.center_id,
             count(*)::int AS resolved,
             count(*) FILTER (WHERE cardinality(c.center_path) = 3)::int AS at_village,
             count(*) FILTER (WHERE cardinality(c.center_path) = 2)::int AS at_town,
             count(*) FILTER (WHERE cardinality(c.center_path) = 1)::int AS at_district
        FROM case_files c
       CROSS JOIN LATERAL unnest(c.center_path) WITH ORDINALITY AS p(center_id, depth)
       WHERE c.closed_at >= ${from} AND c.closed_at < ${to}
         AND (${within}::text IS NULL OR p.depth >= array_position(c.center_path, ${within}::text))
       GROUP BY p.center_id
       ORDER BY p.center_id`.execute(this.sql.db);
    return rows.map((r) => ({
      centerId: r.center_id,
      resolved: r.resolved,
      atVillage: r.at_village,
      atTown: r.at_town,
      atDistrict: r.at_district,
    }));
  }
}
