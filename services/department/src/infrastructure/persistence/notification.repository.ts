import { Injectable } from '@nestjs/common';
import { currentTraceIds, traceparentOf } from '@chuishao/kernel';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { z } from 'zod';
import {
  notificationOfRow,
  notificationRowOf,
  type NewNotification,
  type NotificationRecord,
} from './notification-rows';
import { deliveriesSignalSql } from './notification-signal-payloads';
import { caseWithin, DepartmentSql } from './schema';

export type { NewNotification, NotificationAttempt, NotificationRecord } from './notification-rows';

/** The span the notifications are planned in (a consumed event's), for their delivery's span. */
function traceparentHere(): string | null {
  const ids = currentTraceIds();
  return ids ? traceparentOf(ids) : null;
}

const smsRow = z.object({
  id: z.string(),
  notification_id: z.string(),
  to_phone: z.string(),
  template: z.string(),
  text: z.string(),
  sent_at: z.date(),
});

/**
 * Notifications and what became of them (their delivery is the worker's). Writes join the
 * ambient transaction: a notification commits with the summons or event that caused it.
 */
@Injectable()
export class NotificationRepository {
  constructor(private readonly sql: DepartmentSql) {}

  /**
   * Inserts those not written yet (unique on recipient × channel × trigger), all in one statement
   * that also tells the delivery worker, on commit, the claims they make `due`; answers how many
   * were new, per trigger key.
   */
  async insertNew(notifications: readonly NewNotification[], due: number): Promise<Map<string, number>> {
    const written = new Map<string, number>();
    if (notifications.length === 0) return written;
    const traceparent = traceparentHere();
    const rows = await this.sql.db
      .with('inserted', (db) =>
        db
          .insertInto('notifications')
          .values(notifications.map((n) => notificationRowOf(n, traceparent)))
          .onConflict((oc) => oc.columns(['recipient', 'channel', 'trigger_key']).doNothing())
          .returning(['id', 'trigger_key']),
      )
      .selectFrom('inserted')
      .select(['trigger_key', deliveriesSignalSql(due).as('notified')])
      .execute();
    for (const row of rows) written.set(row.trigger_key, (written.get(row.trigger_key) ?? 0) + 1);
    return written;
  }

  /** Notifications with their attempts, in order (aggregated as JSON, one statement). */
  private withHistory() {
    return this.sql.db
      .selectFrom('notifications as n')
      .selectAll('n')
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('notification_attempts as a')
            .select(['a.attempt', 'a.attempted_at', 'a.outcome', 'a.status_code', 'a.error', 'a.duration_ms'])
            .whereRef('a.notification_id', '=', 'n.id')
            .orderBy('a.attempt'),
        ).as('history'),
      );
  }

  async ofSummons(summonsId: string): Promise<NotificationRecord[]> {
    const rows = await this.withHistory()
      .where('n.summons_id', '=', summonsId)
      .orderBy('n.created_at')
      .orderBy('n.channel')
      .orderBy('n.recipient')
      .execute();
    return rows.map(notificationOfRow);
  }

  /** With `within`, only those of cases at that center or below it. */
  async deadLetters(limit: number, within: string | null = null): Promise<NotificationRecord[]> {
    let query = this.withHistory().where('n.state', '=', 'dead_lettered');
    if (within !== null) query = query.where(caseWithin(sql.ref('n.case_id'), within));
    const rows = await query.orderBy('n.dead_lettered_at', 'desc').orderBy('n.id').limit(limit).execute();
    return rows.map(notificationOfRow);
  }

  async smsMessages(to: string | undefined, limit: number) {
    let query = this.sql.db
      .selectFrom('sms_simulator_messages')
      .select([sql<string>`id::text`.as('id'), 'notification_id', 'to_phone', 'template', 'text', 'sent_at']);
    if (to !== undefined) query = query.where('to_phone', '=', to);
    const rows = await query.orderBy('id', 'desc').limit(limit).execute();
    return rows.map((row) => {
      const r = smsRow.parse(row);
      return {
        id: r.id,
        deliveryId: r.notification_id,
        to: r.to_phone,
        template: r.template,
        text: r.text,
        sentAt: r.sent_at,
      };
    });
  }
}
