import { Injectable } from '@nestjs/common';
import { disputeType } from '@chuishao/contracts';
import { sql } from 'kysely';
import type { KnownCase } from '../../domain/known-case';
import type { RoutingRule } from '../../domain/routing';
import type { Whistle, WhistleStatus } from '../../domain/whistle';
import { DispatchSql } from './schema';
import { knownCaseOf, whistleOfRows } from './whistle-rows';
import { WhistleStore } from './whistle.store';

export type { KnownCase };

/**
 * What the HTTP layer and the queries read: cases, whistles and routing rules, without locks.
 * Writes go through the stores beside it (WhistleStore, KnownCasesRepository, RoutingRulesRepository).
 */
@Injectable()
export class DispatchRepository {
  constructor(
    private readonly sql: DispatchSql,
    private readonly whistles: WhistleStore,
  ) {}

  async findKnownCase(caseId: string): Promise<KnownCase | null> {
    const row = await this.sql.db
      .selectFrom('known_cases')
      .selectAll()
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    return row ? knownCaseOf(row) : null;
  }

  async routingRules(): Promise<RoutingRule[]> {
    const rows = await this.sql.db
      .selectFrom('routing_rules')
      .select(['dispute_type', 'department_kinds'])
      .orderBy('dispute_type')
      .execute();
    return rows.map((r) => ({
      disputeType: disputeType.parse(r.dispute_type),
      departmentKinds: r.department_kinds,
    }));
  }

  async routingRule(type: string): Promise<RoutingRule | null> {
    const row = await this.sql.db
      .selectFrom('routing_rules')
      .select(['dispute_type', 'department_kinds'])
      .where('dispute_type', '=', type)
      .executeTakeFirst();
    return row
      ? { disputeType: disputeType.parse(row.dispute_type), departmentKinds: row.department_kinds }
      : null;
  }

  /** The whistle and its summons, in one statement. */
  findWhistle(id: string): Promise<Whistle | null> {
    return this.whistles.read(id);
  }

  /** Newest first. */
  async whistlesOfCase(caseId: string): Promise<Whistle[]> {
    const rows = await this.sql.db
      .selectFrom('whistles')
      .selectAll()
      .where('case_id', '=', caseId)
      .orderBy('blown_at', 'desc')
      .execute();
    return this.withSummons(rows);
  }

  /** Newest first; `withinCenter`: only whistles on cases with that center on their path. */
  async listWhistles(filter: {
    status?: WhistleStatus;
    limit: number;
    withinCenter?: string;
  }): Promise<Whistle[]> {
    let query = this.sql.db.selectFrom('whistles').selectAll();
    if (filter.status) query = query.where('status', '=', filter.status);
    const within = filter.withinCenter;
    if (within)
      query = query.where('case_id', 'in', (eb) =>
        eb
          .selectFrom('known_cases')
          .select('case_id')
          .where(sql<boolean>`${within} = ANY(center_path)`),
      );
    return this.withSummons(await query.orderBy('blown_at', 'desc').limit(filter.limit).execute());
  }

  /** The summons of these whistles in one statement, each whistle's in the order summoned. */
  private async withSummons(rows: Array<{ id: string }>): Promise<Whistle[]> {
    if (rows.length === 0) return [];
    const summons = await this.sql.db
      .selectFrom('whistle_summons')
      .selectAll()
      .where(
        'whistle_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('position')
      .execute();
    return rows.map((row) =>
      whistleOfRows(
        row,
        summons.filter((s) => s.whistle_id === row.id),
      ),
    );
  }
}
