import { Injectable } from '@nestjs/common';
import { ConflictError, type ColumnsOf } from '@chuishao/kernel';
import type { Change } from '@chuishao/messaging';
import { transitionFragments } from '@chuishao/persistence';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import { deliveryTransition, type Delivery, type DeliveryEvent } from '../../domain/delivery.decider';
import { NOTIFICATION_CHANNELS, NOTIFICATION_STATES, TRIGGER_KINDS } from '../../domain/notification';
import { DepartmentSql } from './schema';

export const notificationMessage = z.object({
  template: z.enum(TRIGGER_KINDS),
  params: z.object({
    caseNo: z.string(),
    place: z.string(),
    deadline: z.string(),
    level: z.number().int().optional(),
  }),
  text: z.string(),
  arrivalDeadline: z.string(),
});

export const deliveryColumns = {
  id: z.string(),
  state: z.enum(NOTIFICATION_STATES),
  attempts: z.number().int(),
  created_at: z.date(),
  next_attempt_at: z.date().nullable(),
  delivered_at: z.date().nullable(),
  dead_lettered_at: z.date().nullable(),
  last_error: z.string().nullable(),
};

/** Where a Delivery's fields live in `notifications`, for the settlement's transitions. */
const DELIVERY_COLUMNS: ColumnsOf<Delivery> = {
  state: 'state',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  deliveredAt: 'delivered_at',
  deadLetteredAt: 'dead_lettered_at',
  lastError: 'last_error',
};

/** The notification's columns a claim reads (DeliveryClaims): its delivery state and what delivering it needs. */
const claimedNotification = z.object({
  ...deliveryColumns,
  trigger_key: z.string(),
  trigger_kind: z.enum(TRIGGER_KINDS),
  channel: z.enum(NOTIFICATION_CHANNELS),
  recipient: z.string(),
  address: z.string().nullable(),
  summons_id: z.string(),
  case_id: z.string(),
  department_id: z.string(),
  message: notificationMessage,
  event_at: z.date(),
  traceparent: z.string().nullable(),
});

export const CLAIMED_NOTIFICATION_COLUMNS = Object.keys(claimedNotification.shape);

/**
 * A claimed notification, checked at the boundary: what its delivery needs (the message, the
 * address or the department's webhook, the trace it was planned in) and its delivery state.
 */
export const claimedRow = claimedNotification.extend({
  url: z.string().nullable(),
  secret: z.string().nullable(),
  secret_sealed: z.string().nullable(),
});

export type ClaimedRow = z.infer<typeof claimedRow>;

/** A write that joins the settling statement as one of its common expressions (`name AS (…)`). */
export type WithWrite = RawBuilder<unknown>;

export function deliveryOf(row: z.infer<z.ZodObject<typeof deliveryColumns>>): Delivery {
  return {
    id: row.id,
    state: row.state,
    attempts: row.attempts,
    createdAt: row.created_at,
    nextAttemptAt: row.next_attempt_at,
    deliveredAt: row.delivered_at,
    deadLetteredAt: row.dead_lettered_at,
    lastError: row.last_error,
  };
}

/**
 * Notifications as the delivery worker settles them: an attempt's outcome written only while the
 * attempt's lease (DeliveryClaims) still holds.
 */
@Injectable()
export class DeliveryStore {
  constructor(private readonly sql: DepartmentSql) {}

  /**
   * The store an attempt that holds its lease until `leaseUntil` settles with, its statement also
   * carrying `writes` (a text's codes, the phone's sends and lease, the simulator's record).
   */
  leased(
    leaseUntil: Date,
    writes: readonly WithWrite[] = [],
  ): { saveAll(changes: ReadonlyArray<Change<Delivery, DeliveryEvent>>): Promise<void> } {
    return { saveAll: (changes) => this.saveAll(changes, leaseUntil, writes) };
  }

  /**
   * The attempts' rows go in with the notifications' own updates, one statement for every
   * notification a text carried (round trips are most of what a delivery costs here; a bundle of
   * N was N statements), and `writes` with them. Each update is its event's transition (the
   * decider's table: only a pending notification takes an attempt), guarded as well by the lease,
   * which it ends: a notification whose lease ran out (an attempt that outlived NOTIFY_LEASE_MS:
   * another lane may attempt it now) is not written, and says so.
   */
  private async saveAll(
    changes: ReadonlyArray<Change<Delivery, DeliveryEvent>>,
    leaseUntil: Date,
    writes: readonly WithWrite[],
  ): Promise<void> {
    const updates = changes.map(({ after, events }, i) => {
      if (events.length !== 1) throw new Error('an attempt is one event per notification');
      const { where, set } = transitionFragments(deliveryTransition(events[0]!), DELIVERY_COLUMNS, {
        guarded: 'n',
        target: 'n',
      });
      return sql`${sql.raw(`settled_${i}`)} AS (UPDATE notifications AS n SET ${set}, leased_until = NULL
        WHERE n.id = ${after.id} AND ${where} AND n.leased_until = ${leaseUntil} RETURNING n.id)`;
    });
    const settledIds = sql.join(
      changes.map((_change, i) => sql.raw(`SELECT id FROM settled_${i}`)),
      sql.raw(' UNION ALL '),
    );
    const attempts = changes.map(({ after, events }) => {
      const { attempt } = events[0]!;
      return {
        notification_id: after.id,
        attempt: attempt.attempt,
        attempted_at: attempt.at,
        outcome: attempt.outcome,
        status_code: attempt.statusCode,
        error: attempt.error,
        duration_ms: attempt.durationMs,
      };
    });
    const { rows } = await sql<{ settled: number }>`WITH ${sql.join([...writes, ...updates])},
      settled AS (${settledIds}), attempt AS (
        INSERT INTO notification_attempts (notification_id, attempt, attempted_at, outcome, status_code, error, duration_ms)
        SELECT a.notification_id, a.attempt, a.attempted_at, a.outcome, a.status_code, a.error, a.duration_ms
        FROM jsonb_to_recordset(${JSON.stringify(attempts)}::jsonb) AS a(notification_id uuid, attempt integer,
          attempted_at timestamptz, outcome text, status_code integer, error text, duration_ms integer)
        WHERE a.notification_id IN (SELECT id FROM settled)
      )
      SELECT count(*)::int AS settled FROM settled`.execute(this.sql.db);
    if (rows[0]!.settled < changes.length)
      throw new ConflictError(
        'DELIVERY_LEASE_LOST',
        `${changes.length - rows[0]!.settled} of ${changes.length} notifications outlived their lease: not settled by this attempt`,
      );
  }
}
