import { Injectable } from '@nestjs/common';
import type { RoutingRule } from '../../domain/routing';
import { DispatchSql } from './schema';

/** Writes of the routing rules (reads: DispatchRepository). */
@Injectable()
export class RoutingRulesRepository {
  constructor(private readonly sql: DispatchSql) {}

  async save(rule: RoutingRule, at: Date): Promise<void> {
    const row = { department_kinds: rule.departmentKinds, updated_at: at };
    await this.sql.db
      .insertInto('routing_rules')
      .values({ dispute_type: rule.disputeType, ...row })
      .onConflict((oc) => oc.column('dispute_type').doUpdateSet(row))
      .execute();
  }

  /** Seeds rules for dispute types that have none, in one statement; an operator's edit is never overwritten. */
  async insertMissing(rules: readonly RoutingRule[], at: Date): Promise<number> {
    if (rules.length === 0) return 0;
    const inserted = await this.sql.db
      .insertInto('routing_rules')
      .values(
        rules.map((r) => ({
          dispute_type: r.disputeType,
          department_kinds: r.departmentKinds,
          updated_at: at,
        })),
      )
      .onConflict((oc) => oc.column('dispute_type').doNothing())
      .returning('dispute_type')
      .execute();
    return inserted.length;
  }
}
