import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { z } from 'zod';
import { notificationOfRow, type NotificationRecord } from './notification-rows';
import { caseWithin, DepartmentSql } from './schema';

export type { NewNotification, NotificationAttempt, NotificationRecord } from './notification-rows';

const smsRow = z.object({
  id: z.string(),
  notification_id: z.string(),
  to_phone: z.string(),
  template: z.string(),
  text: z.string(),
  sent_at: z.date(),
});

/**
 * Notifications and what became of them (their delivery is the worker's). They are written in
 * the transaction of the summons or event that caused them (TriggerWrites).
 */
@Injectable()
export class NotificationRepository {
  constructor(private readonly sql: DepartmentSql) {}

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
