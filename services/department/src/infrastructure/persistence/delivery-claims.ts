import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { z } from 'zod';
import type { Delivery } from '../../domain/delivery.decider';
import { CLAIMED_NOTIFICATION_COLUMNS, claimedRow, deliveryOf, type ClaimedRow } from './delivery.store';
import type { DueText, SmsPhone } from './sms-phone.store';
import { DepartmentSql } from './schema';

/** What a claim took until `leaseUntil`: one notification to attempt, or a text for a phone. */
export type Claim =
  | { kind: 'none' }
  /** Nothing to take, but something due waits for a phone another attempt leases. */
  | { kind: 'blocked' }
  /** A phone's lease went to another lane between the look and the claim: look again. */
  | { kind: 'contended' }
  | { kind: 'single'; row: ClaimedRow; delivery: Delivery; leaseUntil: Date }
  | {
      kind: 'text';
      phone: string;
      state: SmsPhone;
      /** What is due to the phone, oldest first: the claimed notification among them, or left for the next text. */
      parts: DueText[];
      /** The notification that was claimed (its trace is the attempt's), or the first part. */
      claimed: ClaimedRow;
      leaseUntil: Date;
    };

const claimRow = claimedRow.extend({
  reply_code: z.number().int().nullable(),
  claimed: z.boolean(),
  leased_until: z.date(),
});
const phoneColumns = z.object({ recent_sends: z.array(z.date()), last_reply_code: z.number().int() });

/**
 * The delivery worker's claim, ONE statement with no transaction around it (issue 22: a text was
 * BEGIN, claim, phone, settle, COMMIT; it is this and the settling statement). What is due is
 * due by the worker's clock (`now`: the retries and the throttle are scheduled on it); what the
 * claim takes it leases for `leaseMs` on the database's clock (`leased_until`, to the
 * millisecond so the lease reads back exactly), as every instance sees it: no other lane or
 * instance takes a leased notification, and an attempt that crashed is due again when its lease
 * runs out (with the same delivery id). The settling statement writes only while the lease still
 * holds (DeliveryStore.leased).
 *
 * An SMS also leases its phone (`sms_phones.leased_until`, the same lease), so two lanes never
 * text one phone at once nor hand out one reply code twice, and takes everything due to the phone
 * (up to `limit`) for one text. The phone's row is taken first; what is due is read after it (it
 * is filtered by that row), `FOR UPDATE`, which reads a row changed by a text committed while the
 * claim waited for the phone as it is now: one that text delivered, or the throttle held back,
 * drops out. A notification to a phone leased by another lane is left due, for after that text:
 * the claim then says `blocked`, so the delivery lanes leave it to the lane that holds the phone.
 */
@Injectable()
export class DeliveryClaims {
  constructor(private readonly sql: DepartmentSql) {}

  async claimNext(now: Date, leaseMs: number, limit: number): Promise<Claim> {
    const { rows } = await sql<Record<string, unknown>>`
      WITH lease AS (
        SELECT date_trunc('milliseconds', now()) + ${leaseMs}::int * interval '1 millisecond' AS until
      ), candidate AS (
        SELECT n.id, n.channel, n.address FROM notifications n
        WHERE n.state = 'pending' AND n.next_attempt_at <= ${now}
          AND (n.leased_until IS NULL OR n.leased_until <= now())
          AND NOT EXISTS (SELECT 1 FROM sms_phones p
            WHERE n.channel = 'sms' AND p.phone = n.address AND p.leased_until > now())
        ORDER BY n.next_attempt_at LIMIT 1
        FOR UPDATE SKIP LOCKED
      ), phone AS (
        INSERT INTO sms_phones AS p (phone, leased_until)
        SELECT address, (SELECT until FROM lease) FROM candidate
        WHERE channel = 'sms' AND address IS NOT NULL
        ON CONFLICT (phone) DO UPDATE SET leased_until = excluded.leased_until
          WHERE p.leased_until IS NULL OR p.leased_until <= now()
        RETURNING p.phone, p.recent_sends, p.last_reply_code
      ), due AS (
        SELECT n.id FROM notifications n
        WHERE n.channel = 'sms' AND n.address = (SELECT phone FROM phone)
          AND n.state = 'pending' AND n.next_attempt_at <= ${now}
          AND (n.leased_until IS NULL OR n.leased_until <= now())
        ORDER BY n.event_at, n.id LIMIT ${limit}
        FOR UPDATE SKIP LOCKED
      ), taken AS (
        SELECT id FROM due
        UNION ALL SELECT id FROM candidate WHERE channel <> 'sms' OR address IS NULL
      ), leased AS (
        UPDATE notifications n SET leased_until = (SELECT until FROM lease)
        FROM taken WHERE n.id = taken.id
        RETURNING n.*
      )
      SELECT EXISTS (SELECT 1 FROM candidate) AS found,
        NOT EXISTS (SELECT 1 FROM candidate) AND EXISTS (SELECT 1 FROM notifications n
          JOIN sms_phones p ON p.phone = n.address
          WHERE n.channel = 'sms' AND n.state = 'pending' AND n.next_attempt_at <= ${now}
            AND (n.leased_until IS NULL OR n.leased_until <= now())
            AND p.leased_until > now()) AS blocked,
        ${sql.join(CLAIMED_NOTIFICATION_COLUMNS.map((column) => sql.ref(`l.${column}`)))},
        l.leased_until, w.url, w.secret, w.secret_sealed, c.code AS reply_code,
        l.id IN (SELECT id FROM candidate) AS claimed, ph.recent_sends, ph.last_reply_code
      FROM (SELECT 1) AS one
      LEFT JOIN leased l ON true
      LEFT JOIN department_webhooks w ON l.channel = 'webhook' AND w.department_id = l.department_id
      LEFT JOIN sms_reply_codes c ON c.notification_id = l.id
      LEFT JOIN phone ph ON true
      ORDER BY l.event_at, l.id`.execute(this.sql.db);
    return claimOf(rows);
  }
}

/**
 * The statement's rows as a Claim: always one row at least, `found` saying whether anything was
 * due, and when nothing was, `blocked` whether something due waits for a leased phone.
 */
function claimOf(rows: ReadonlyArray<Record<string, unknown>>): Claim {
  const first = rows[0]!;
  if (first.found !== true) return { kind: first.blocked === true ? 'blocked' : 'none' };
  if (first.id === null) return { kind: 'contended' };
  const taken = rows.map((row) => claimRow.parse(row));
  const leaseUntil = taken[0]!.leased_until;
  if (first.recent_sends === null) {
    const row = taken[0]!;
    return { kind: 'single', row, delivery: deliveryOf(row), leaseUntil };
  }
  const phone = phoneColumns.parse(first);
  const parts = taken.map((row) => ({ ...row, delivery: deliveryOf(row) }));
  return {
    kind: 'text',
    phone: parts[0]!.address!,
    state: { recentSends: phone.recent_sends, lastReplyCode: phone.last_reply_code },
    parts,
    claimed: taken.find((row) => row.claimed) ?? taken[0]!,
    leaseUntil,
  };
}
