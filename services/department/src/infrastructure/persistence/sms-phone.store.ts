import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Delivery } from '../../domain/delivery.decider';
import { TRIGGER_KINDS } from '../../domain/notification';
import { deliveryColumns, deliveryOf, notificationMessage, type WithWrite } from './delivery.store';
import { DepartmentSql } from './schema';

/** A phone's texting state: when it was last texted (the throttle's memory) and its last reply code. */
export interface SmsPhone {
  recentSends: Date[];
  lastReplyCode: number;
}

/** A pending notification due to the phone, with the reply code it was given by an earlier attempt. */
const dueRow = z.object({
  ...deliveryColumns,
  trigger_key: z.string(),
  trigger_kind: z.enum(TRIGGER_KINDS),
  recipient: z.string(),
  summons_id: z.string(),
  department_id: z.string(),
  message: notificationMessage,
  event_at: z.date(),
  reply_code: z.number().int().nullable(),
});

export type DueText = z.infer<typeof dueRow> & { delivery: Delivery };

export interface ReplyCodeAssignment {
  code: number;
  summonsId: string;
  notificationId: string;
  recipient: string;
}

const phoneRow = z.object({ recent_sends: z.array(z.date()), last_reply_code: z.number().int() });

/**
 * What the delivery worker keeps per phone (issue 20 item 5), in the attempt's transaction: the
 * phone's row is locked, with what is due to it, so two lanes never text one phone at once nor
 * hand out one code twice; what is due is taken with SKIP LOCKED, so a lane holding a
 * notification while it waits for the phone's lock never deadlocks with the one holding the phone.
 */
@Injectable()
export class SmsPhoneStore {
  constructor(private readonly sql: DepartmentSql) {}

  /**
   * Locks the phone's row (made on its first text) and reads, in the same statement, everything
   * due to it now, oldest first, up to `limit`: the claimed notification among them, or (with more
   * than `limit` due) left for the next text, still pending. The due rows are read after the lock
   * is held (they are filtered by the locked row), from the statement's snapshot, which may predate
   * another lane's text to the phone committed while this one waited: `FOR UPDATE` reads each such
   * row again as committed, so one that text delivered, or the throttle held back, drops out.
   */
  async lockWithDue(phone: string, now: Date, limit: number): Promise<{ state: SmsPhone; due: DueText[] }> {
    const rows = await this.sql.db
      .with('phone', (db) =>
        db
          .insertInto('sms_phones')
          .values({ phone })
          .onConflict((oc) => oc.column('phone').doUpdateSet({ phone: (eb) => eb.ref('excluded.phone') }))
          .returning(['phone', 'recent_sends', 'last_reply_code']),
      )
      .with('due', (db) =>
        db
          .selectFrom('notifications as n')
          .leftJoin('sms_reply_codes as c', 'c.notification_id', 'n.id')
          .select([
            'n.id',
            'n.state',
            'n.attempts',
            'n.created_at',
            'n.next_attempt_at',
            'n.delivered_at',
            'n.dead_lettered_at',
            'n.last_error',
            'n.trigger_key',
            'n.trigger_kind',
            'n.recipient',
            'n.summons_id',
            'n.department_id',
            'n.message',
            'n.event_at',
            'c.code as reply_code',
          ])
          .where('n.channel', '=', 'sms')
          .where('n.address', '=', (eb) => eb.selectFrom('phone').select('phone'))
          .where('n.state', '=', 'pending')
          .where('n.next_attempt_at', '<=', now)
          .orderBy('n.event_at')
          .orderBy('n.id')
          .limit(limit)
          .forUpdate('n')
          .skipLocked(),
      )
      .selectFrom('phone as p')
      .leftJoin('due as d', (join) => join.onTrue())
      .select(['p.recent_sends', 'p.last_reply_code'])
      .selectAll('d')
      .orderBy('d.event_at')
      .orderBy('d.id')
      .execute();
    const phoneState = phoneRow.parse(rows[0]);
    const due = rows
      .filter((row) => row.id !== null)
      .map((found) => {
        const row = dueRow.parse(found);
        return { ...row, delivery: deliveryOf(row) };
      });
    return {
      state: { recentSends: phoneState.recent_sends, lastReplyCode: phoneState.last_reply_code },
      due,
    };
  }

  /** Holds back what waits for the phone until the throttle lets the next text go. */
  async holdBack(phone: string, until: Date): Promise<void> {
    await this.sql.db
      .updateTable('notifications')
      .set({ next_attempt_at: until })
      .where('id', 'in', (db) =>
        db
          .selectFrom('notifications')
          .select('id')
          .where('channel', '=', 'sms')
          .where('address', '=', phone)
          .where('state', '=', 'pending')
          .where('next_attempt_at', '<', until)
          .forUpdate()
          .skipLocked(),
      )
      .execute();
  }

  /**
   * After a text went: the phone's sends and last code, and the codes handed out in it (a code
   * reused after 99 moves to its new summons), as common expressions for the statement that
   * settles the text's attempts (DeliveryStore.saveAll): one round trip for both.
   */
  sentWrites(phone: string, state: SmsPhone, codes: readonly ReplyCodeAssignment[], at: Date): WithWrite[] {
    const phoneSent = sql`sent_phone AS (UPDATE sms_phones
      SET recent_sends = ${state.recentSends}::timestamptz[], last_reply_code = ${state.lastReplyCode}
      WHERE phone = ${phone})`;
    if (codes.length === 0) return [phoneSent];
    const assigned = codes.map((c) => ({
      code: c.code,
      summons_id: c.summonsId,
      notification_id: c.notificationId,
      recipient: c.recipient,
    }));
    const codesSent = sql`sent_codes AS (INSERT INTO sms_reply_codes
        (phone, code, summons_id, notification_id, recipient, assigned_at)
      SELECT ${phone}, c.code, c.summons_id, c.notification_id, c.recipient, ${at}::timestamptz
      FROM jsonb_to_recordset(${JSON.stringify(assigned)}::jsonb)
        AS c(code integer, summons_id uuid, notification_id uuid, recipient text)
      ON CONFLICT (phone, code) DO UPDATE SET summons_id = excluded.summons_id,
        notification_id = excluded.notification_id, recipient = excluded.recipient,
        assigned_at = excluded.assigned_at)`;
    return [codesSent, phoneSent];
  }
}
