import { Injectable } from '@nestjs/common';
import type { LadderPolicy } from '../../domain/escalation-policy';
import { sql, type Compilable, type Selectable } from 'kysely';
import { SlaSql, type EscalationPoliciesTable } from './schema';

export interface StoredPolicy {
  centerId: string | null;
  disputeType: string | null;
  policy: LadderPolicy;
  updatedBy: string;
  updatedAt: Date;
}

/** A stored policy and the scope it was set for, as the most specific one is picked from. */
export type ScopedPolicy = { scope: string; policy: LadderPolicy };

/** One key per (center, dispute type); '*' where the policy is left open. */
export const scopeOf = (centerId: string | null, disputeType: string | null) =>
  `${centerId ?? '*'}|${disputeType ?? '*'}`;

/** The escalation policies set through the API (the SLA_* settings are the default under them). */
@Injectable()
export class EscalationPolicies {
  constructor(private readonly sql: SlaSql) {}

  async put(p: StoredPolicy): Promise<void> {
    const row = {
      scope: scopeOf(p.centerId, p.disputeType),
      center_id: p.centerId,
      dispute_type: p.disputeType,
      // node-postgres sends an object as JSON text, which jsonb takes as it is.
      policy: p.policy,
      updated_by: p.updatedBy,
      updated_at: p.updatedAt,
    };
    await this.sql.db
      .insertInto('escalation_policies')
      .values(row)
      .onConflict((oc) =>
        oc.column('scope').doUpdateSet({
          policy: row.policy,
          updated_by: row.updated_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async find(centerId: string | null, disputeType: string | null): Promise<StoredPolicy | null> {
    const row = await this.sql.db
      .selectFrom('escalation_policies')
      .selectAll()
      .where('scope', '=', scopeOf(centerId, disputeType))
      .executeTakeFirst();
    return row ? storedOf(row) : null;
  }

  /** Whether `center` lies below `above` on the path of a case seen registered. */
  async centerBelow(above: string, center: string): Promise<boolean> {
    const row = await this.sql.db
      .selectFrom('known_cases')
      .select(sql.lit(1).as('one'))
      .where(sql<boolean>`array_position(center_path, ${above}) < array_position(center_path, ${center})`)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  /**
   * The most specific policy for a whistle: center and type, center, type, then the stored default.
   * `send` sends the read: at once by default, or with other work in its statement
   * (SummonsStart.lockSummonsKeysReading).
   */
  async mostSpecific(
    centerId: string,
    disputeType: string,
    send?: (read: Compilable<ScopedPolicy>) => Promise<ScopedPolicy[]>,
  ): Promise<LadderPolicy | null> {
    const order = [
      scopeOf(centerId, disputeType),
      scopeOf(centerId, null),
      scopeOf(null, disputeType),
      scopeOf(null, null),
    ];
    const read = this.sql.db
      .selectFrom('escalation_policies')
      .select(['scope', 'policy'])
      .where('scope', 'in', order);
    const rows = send ? await send(read) : await read.execute();
    rows.sort((a, b) => order.indexOf(a.scope) - order.indexOf(b.scope));
    return rows[0]?.policy ?? null;
  }

  /** Those a reader sees: all (`within` null), else the network-wide ones and those of `within` and below. */
  async list(within: string | null): Promise<StoredPolicy[]> {
    let query = this.sql.db.selectFrom('escalation_policies').selectAll().orderBy('scope');
    if (within !== null)
      query = query.where(
        sql<boolean>`(escalation_policies.center_id IS NULL OR escalation_policies.center_id = ${within} OR EXISTS (SELECT 1 FROM known_cases k
          WHERE array_position(k.center_path, ${within}) < array_position(k.center_path, escalation_policies.center_id)))`,
      );
    return (await query.execute()).map(storedOf);
  }
}

function storedOf(r: Selectable<EscalationPoliciesTable>): StoredPolicy {
  return {
    centerId: r.center_id,
    disputeType: r.dispute_type,
    policy: r.policy,
    updatedBy: r.updated_by,
    updatedAt: r.updated_at,
  };
}
