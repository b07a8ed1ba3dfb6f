import { Injectable } from '@nestjs/common';
import type { SummonsSla } from '../../domain/sla';
import type { ScorecardRow } from '../../domain/scorecard';
import { caseWithin, SlaSql } from './schema';
import { slaOf } from './summons-sla.store';

/** What the board and the scorecards read of the summons (no lock, no transaction needed). */
@Injectable()
export class SummonsSlaQueries {
  constructor(private readonly sql: SlaSql) {}

  async summonsOfWhistle(whistleId: string): Promise<SummonsSla[]> {
    const rows = await this.sql.db
      .selectFrom('summons_sla')
      .selectAll()
      .where('whistle_id', '=', whistleId)
      .orderBy('summoned_at')
      .orderBy('department_id')
      .execute();
    return rows.map(slaOf);
  }

  async summons(summonsId: string): Promise<SummonsSla | null> {
    const row = await this.sql.db
      .selectFrom('summons_sla')
      .selectAll()
      .where('summons_id', '=', summonsId)
      .executeTakeFirst();
    return row ? slaOf(row) : null;
  }

  /**
   * The rows of the scorecards: summons made in [from, to), grouped by department or by the
   * case's center, of the cases within `within` (null: all). Only the columns the arithmetic needs.
   */
  async scorecardRows(
    groupBy: 'department' | 'center',
    from: Date,
    to: Date,
    within: string | null = null,
  ): Promise<ScorecardRow[]> {
    const rows = await this.sql.db
      .selectFrom('summons_sla')
      .select([
        'department_id',
        'department_name',
        'center_id',
        'summoned_at',
        'deadline',
        'acknowledged_at',
        'arrived_at',
        'state',
      ])
      .where('summoned_at', '>=', from)
      .where('summoned_at', '<', to)
      .where((eb) => caseWithin(eb, 'summons_sla', within))
      .execute();
    return rows.map((r) => ({
      groupId: groupBy === 'department' ? r.department_id : r.center_id,
      groupName: groupBy === 'department' ? r.department_name : r.center_id,
      summonedAt: r.summoned_at,
      deadline: r.deadline,
      acknowledgedAt: r.acknowledged_at,
      arrivedAt: r.arrived_at,
      withdrawn: r.state === 'withdrawn',
    }));
  }
}
