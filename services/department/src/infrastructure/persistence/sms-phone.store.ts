import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { Delivery } from '../../domain/delivery.decider';
import type { ClaimedRow, WithWrite } from './delivery.store';
import { DepartmentSql } from './schema';

/** A phone's texting state: when it was last texted (the throttle's memory) and its last reply code. */
export interface SmsPhone {
  recentSends: Date[];
  lastReplyCode: number;
}

/** A pending notification due to the phone, with the reply code it was given by an earlier attempt. */
export type DueText = ClaimedRow & { reply_code: number | null; delivery: Delivery };

export interface ReplyCodeAssignment {
  code: number;
  summonsId: string;
  notificationId: string;
  recipient: string;
}

/**
 * What the delivery worker keeps per phone (issue 20 item 5) besides the claim that leases it
 * (DeliveryClaims): what the throttle holds back, and what a text that went leaves behind. Every
 * write here ends the phone's lease, if it is still this attempt's own.
 */
@Injectable()
export class SmsPhoneStore {
  constructor(private readonly sql: DepartmentSql) {}

  /**
   * Holds back what waits for the phone until the throttle lets the next text go, and ends this
   * attempt's lease on the phone and on what it took: one statement. A notification another
   * attempt leases (the phone's lease lost meanwhile) is left to that attempt.
   */
  async holdBack(phone: string, until: Date, leaseUntil: Date): Promise<void> {
    await sql`WITH released AS (
        UPDATE sms_phones SET leased_until = NULL WHERE phone = ${phone} AND leased_until = ${leaseUntil}
      )
      UPDATE notifications SET next_attempt_at = greatest(next_attempt_at, ${until}), leased_until = NULL
      WHERE id IN (SELECT id FROM notifications
        WHERE channel = 'sms' AND address = ${phone} AND state = 'pending'
          AND (next_attempt_at < ${until} OR leased_until = ${leaseUntil})
          AND (leased_until IS NULL OR leased_until = ${leaseUntil} OR leased_until <= now())
        FOR UPDATE SKIP LOCKED)`.execute(this.sql.db);
  }

  /**
   * The end of an attempt's lease on the phone, as common expressions for the statement that
   * settles the text's attempts (DeliveryStore.leased): one round trip for both. A text that went
   * (`sent`) also leaves the phone's sends and last code, and the codes handed out in it (a code
   * reused after 99 moves to its new summons), written only while the lease is still this one's.
   */
  settledWrites(
    phone: string,
    leaseUntil: Date,
    sent: { state: SmsPhone; codes: readonly ReplyCodeAssignment[]; at: Date } | null,
  ): WithWrite[] {
    const sends = sent
      ? sql`, recent_sends = ${sent.state.recentSends}::timestamptz[], last_reply_code = ${sent.state.lastReplyCode}`
      : sql``;
    const phoneSettled = sql`settled_phone AS (UPDATE sms_phones SET leased_until = NULL ${sends}
      WHERE phone = ${phone} AND leased_until = ${leaseUntil} RETURNING phone)`;
    if (!sent || sent.codes.length === 0) return [phoneSettled];
    const assigned = sent.codes.map((c) => ({
      code: c.code,
      summons_id: c.summonsId,
      notification_id: c.notificationId,
      recipient: c.recipient,
    }));
    const codesSent = sql`sent_codes AS (INSERT INTO sms_reply_codes
        (phone, code, summons_id, notification_id, recipient, assigned_at)
      SELECT p.phone, c.code, c.summons_id, c.notification_id, c.recipient, ${sent.at}::timestamptz
      FROM settled_phone p, jsonb_to_recordset(${JSON.stringify(assigned)}::jsonb)
        AS c(code integer, summons_id uuid, notification_id uuid, recipient text)
      ON CONFLICT (phone, code) DO UPDATE SET summons_id = excluded.summons_id,
        notification_id = excluded.notification_id, recipient = excluded.recipient,
        assigned_at = excluded.assigned_at)`;
    return [phoneSettled, codesSent];
  }
}
