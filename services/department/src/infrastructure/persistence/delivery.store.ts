import { Injectable } from '@nestjs/common';
import type { ColumnsOf, Transition } from '@chuishao/kernel';
import type { AggregateStore, Change } from '@chuishao/messaging';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { Delivery, DeliveryEvent } from '../../domain/delivery.decider';
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

/**
 * A claimed notification, checked at the boundary: what its delivery needs (the message, the
 * address or the department's webhook, the trace it was planned in) and its delivery state.
 */
const claimedRow = z.object({
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

const DELIVERY_COLUMNS: ColumnsOf<Delivery> = {
  state: 'state',
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  deliveredAt: 'delivered_at',
  deadLetteredAt: 'dead_lettered_at',
  lastError: 'last_error',
};

/** Notifications as the delivery worker claims and settles them, in the ambient transaction. */
@Injectable()
export class DeliveryStore implements AggregateStore<Delivery, DeliveryEvent> {
  constructor(private readonly sql: DepartmentSql) {}

  /**
   * Claims the notification due first, `FOR UPDATE SKIP LOCKED` (so instances and lanes never
   * attempt the same one at once), with its department's webhook; null when none is due.
   */
  async claimNext(now: Date): Promise<{ row: ClaimedRow; delivery: Delivery } | null> {
    const found = await this.sql.db
      .selectFrom('notifications as n')
      .leftJoin('department_webhooks as w', (join) =>
        join.on('n.channel', '=', 'webhook').onRef('w.department_id', '=', 'n.department_id'),
      )
      .select([
        'n.id',
        'n.trigger_key',
        'n.trigger_kind',
        'n.channel',
        'n.recipient',
        'n.address',
        'n.summons_id',
        'n.case_id',
        'n.department_id',
        'n.message',
        'n.state',
        'n.attempts',
        'n.next_attempt_at',
        'n.delivered_at',
        'n.dead_lettered_at',
        'n.last_error',
        'n.event_at',
        'n.created_at',
        'n.traceparent',
        'w.url',
        'w.secret',
        'w.secret_sealed',
      ])
      .where('n.state', '=', 'pending')
      .where('n.next_attempt_at', '<=', now)
      .orderBy('n.next_attempt_at')
      .limit(1)
      .forUpdate('n')
      .skipLocked()
      .executeTakeFirst();
    if (!found) return null;
    const row = claimedRow.parse(found);
    return { row, delivery: deliveryOf(row) };
  }

  /** Reads and locks one notification by id, trying `attempt` on it in the same statement. */
  async lockAndTry(
    id: string,
    attempt: Transition<Delivery> | null,
  ): Promise<{ state: Delivery; transitioned: boolean } | null> {
    const locked = await this.sql.lockAndTry('notifications', id, DELIVERY_COLUMNS, attempt);
    return (
      locked && {
        state: deliveryOf(z.object(deliveryColumns).parse(locked.row)),
        transitioned: locked.transitioned,
      }
    );
  }

  /** One notification's attempt: its row and the notification's update, one statement. */
  save(before: Delivery, after: Delivery, events: DeliveryEvent[]): Promise<void> {
    return this.saveAll([{ before, after, events }]);
  }

  /** This store, its settling statement also carrying `writes` (a text's codes and the phone's sends). */
  alsoWriting(writes: readonly WithWrite[]): AggregateStore<Delivery, DeliveryEvent> {
    return {
      lockAndTry: (id, attempt) => this.lockAndTry(id, attempt),
      save: (before, after, events) => this.saveAll([{ before, after, events }], writes),
      saveAll: (changes) => this.saveAll(changes, writes),
    };
  }

  /**
   * The attempts' rows go in with the notifications' own updates, one statement for every
   * notification a text carried (round trips are most of what a delivery costs here; a bundle of
   * N was N statements), and `writes` with them.
   */
  async saveAll(
    changes: ReadonlyArray<Change<Delivery, DeliveryEvent>>,
    writes: readonly WithWrite[] = [],
  ): Promise<void> {
    const attempts = changes.flatMap(({ after, events }) =>
      events.map(({ attempt }) => ({
        notification_id: after.id,
        attempt: attempt.attempt,
        attempted_at: attempt.at,
        outcome: attempt.outcome,
        status_code: attempt.statusCode,
        error: attempt.error,
        duration_ms: attempt.durationMs,
      })),
    );
    if (attempts.length === 0) {
      if (writes.length > 0) await sql`WITH ${sql.join(writes)} SELECT 1`.execute(this.sql.db);
      return;
    }
    const settled = changes.map(({ after }) => ({
      id: after.id,
      state: after.state,
      attempts: after.attempts,
      next_attempt_at: after.nextAttemptAt,
      delivered_at: after.deliveredAt,
      dead_lettered_at: after.deadLetteredAt,
      last_error: after.lastError,
    }));
    const alsoWritten = writes.length > 0 ? sql`${sql.join(writes)},` : sql``;
    await sql`WITH ${alsoWritten} attempt AS (
        INSERT INTO notification_attempts (notification_id, attempt, attempted_at, outcome, status_code, error, duration_ms)
        SELECT a.notification_id, a.attempt, a.attempted_at, a.outcome, a.status_code, a.error, a.duration_ms
        FROM jsonb_to_recordset(${JSON.stringify(attempts)}::jsonb) AS a(notification_id uuid, attempt integer,
          attempted_at timestamptz, outcome text, status_code integer, error text, duration_ms integer)
      )
      UPDATE notifications AS n SET state = s.state, attempts = s.attempts, next_attempt_at = s.next_attempt_at,
        delivered_at = s.delivered_at, dead_lettered_at = s.dead_lettered_at, last_error = s.last_error
      FROM jsonb_to_recordset(${JSON.stringify(settled)}::jsonb) AS s(id uuid, state text, attempts integer,
        next_attempt_at timestamptz, delivered_at timestamptz, dead_lettered_at timestamptz, last_error text)
      WHERE n.id = s.id`.execute(this.sql.db);
  }
}
