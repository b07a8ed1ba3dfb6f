import { Injectable } from '@nestjs/common';
import { z } from 'zod';
import { healthyWebhook, type WebhookHealth } from '../../domain/webhook-health';
import { DepartmentSql } from './schema';

const healthRow = z.object({
  department_id: z.string(),
  consecutive_failures: z.number().int(),
  failing_since: z.date().nullable(),
  outage_since: z.date().nullable(),
  last_error: z.string().nullable(),
});

/** Each department webhook's health (webhook_health); no row is a webhook that delivers. */
@Injectable()
export class WebhookHealthRepository {
  constructor(private readonly sql: DepartmentSql) {}

  /** The webhook's health, locked for the rest of the transaction (two workers' attempts queue). */
  async lock(departmentId: string): Promise<WebhookHealth> {
    const row = await this.sql.db
      .selectFrom('webhook_health')
      .selectAll()
      .where('department_id', '=', departmentId)
      .forUpdate()
      .executeTakeFirst();
    if (!row) return healthyWebhook(departmentId);
    const r = healthRow.parse(row);
    return {
      departmentId: r.department_id,
      consecutiveFailures: r.consecutive_failures,
      failingSince: r.failing_since,
      outageSince: r.outage_since,
      lastError: r.last_error,
    };
  }

  /** The departments whose webhook is in an announced outage (for /metrics). */
  async outages(): Promise<string[]> {
    const rows = await this.sql.db
      .selectFrom('webhook_health')
      .select('department_id')
      .where('outage_since', 'is not', null)
      .execute();
    return rows.map((r) => r.department_id);
  }

  async save(health: WebhookHealth): Promise<void> {
    if (health.consecutiveFailures === 0 && !health.outageSince) {
      await this.sql.db
        .deleteFrom('webhook_health')
        .where('department_id', '=', health.departmentId)
        .execute();
      return;
    }
    const values = {
      department_id: health.departmentId,
      consecutive_failures: health.consecutiveFailures,
      failing_since: health.failingSince,
      outage_since: health.outageSince,
      last_error: health.lastError,
    };
    await this.sql.db
      .insertInto('webhook_health')
      .values(values)
      .onConflict((oc) => oc.column('department_id').doUpdateSet(values))
      .execute();
  }
}
