import { Injectable } from '@nestjs/common';
import { currentTraceIds, traceparentOf } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import { caseWithinSql } from './known-cases.repository';
import type {
  NotificationChannel,
  NotificationMessage,
  NotificationState,
  TriggerKind,
} from '../../domain/notification';

/** Whoever listens on this channel (the delivery worker, the live streams) hears of new rows on commit. */
export const NOTIFICATIONS_CHANNEL = 'chuishao_department_notifications';

export interface NewNotification {
  id: string;
  triggerKey: string;
  triggerKind: TriggerKind;
  channel: NotificationChannel;
  recipient: string;
  recipientName: string;
  address: string | null;
  summonsId: string;
  caseId: string;
  departmentId: string;
  message: NotificationMessage;
  eventAt: Date;
  createdAt: Date;
}

export interface NotificationAttempt {
  attempt: number;
  attemptedAt: Date;
  outcome: 'delivered' | 'failed';
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface NotificationRecord {
  id: string;
  triggerKey: string;
  triggerKind: TriggerKind;
  channel: NotificationChannel;
  recipient: string;
  recipientName: string;
  summonsId: string;
  caseId: string;
  departmentId: string;
  state: NotificationState;
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
  deadLetteredAt: Date | null;
  lastError: string | null;
  history: NotificationAttempt[];
}

export interface StreamEntry {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

interface NotificationRow {
  id: string;
  trigger_key: string;
  trigger_kind: TriggerKind;
  channel: NotificationChannel;
  recipient: string;
  recipient_name: string;
  summons_id: string;
  case_id: string;
  department_id: string;
  state: NotificationState;
  attempts: number;
  next_attempt_at: Date | null;
  created_at: Date;
  delivered_at: Date | null;
  dead_lettered_at: Date | null;
  last_error: string | null;
  history: Array<{
    attempt: number;
    attempted_at: string;
    outcome: 'delivered' | 'failed';
    status_code: number | null;
    error: string | null;
    duration_ms: number;
  }> | null;
}

const date = (value: Date | string | null) => (value === null ? null : new Date(value));

function toRecord(row: NotificationRow): NotificationRecord {
  return {
    id: row.id,
    triggerKey: row.trigger_key,
    triggerKind: row.trigger_kind,
    channel: row.channel,
    recipient: row.recipient,
    recipientName: row.recipient_name,
    summonsId: row.summons_id,
    caseId: row.case_id,
    departmentId: row.department_id,
    state: row.state,
    attempts: row.attempts,
    nextAttemptAt: date(row.next_attempt_at),
    createdAt: new Date(row.created_at),
    deliveredAt: date(row.delivered_at),
    deadLetteredAt: date(row.dead_lettered_at),
    lastError: row.last_error,
    history: (row.history ?? []).map((a) => ({
      attempt: a.attempt,
      attemptedAt: new Date(a.attempted_at),
      outcome: a.outcome,
      statusCode: a.status_code,
      error: a.error,
      durationMs: a.duration_ms,
    })),
  };
}

const WITH_HISTORY = `
  SELECT n.*, (
    SELECT json_agg(json_build_object('attempt', a.attempt, 'attempted_at', a.attempted_at,
             'outcome', a.outcome, 'status_code', a.status_code, 'error', a.error,
             'duration_ms', a.duration_ms) ORDER BY a.attempt)
    FROM notification_attempts a WHERE a.notification_id = n.id) AS history
  FROM notifications n`;

interface PendingStreamEntry {
  departmentId: string;
  event: string;
  triggerKey: string;
  data: object;
  at: Date;
}

/**
 * Notifications and what became of them, and the per-department live stream. Writes join the
 * ambient transaction: a notification commits with the summons or event that caused it.
 */
/** The span the notifications are planned in (a consumed event's), for their delivery's span. */
function traceparentHere(): string | null {
  const ids = currentTraceIds();
  return ids ? traceparentOf(ids) : null;
}

/** Stream entries waiting for their transaction's commit (TransactionHost.collectBeforeCommit). */
const PENDING_STREAM = Symbol('pending stream entries');

@Injectable()
export class NotificationRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  /**
   * Inserts those not written yet (unique on recipient × channel × trigger), all in one statement;
   * answers how many were new, per trigger key.
   */
  async insertNew(notifications: readonly NewNotification[]): Promise<Map<string, number>> {
    const written = new Map<string, number>();
    if (notifications.length === 0) return written;
    const column = <T>(pick: (n: NewNotification) => T): T[] => notifications.map(pick);
    const rows: Array<{ trigger_key: string }> = await this.manager.query(
      `INSERT INTO notifications (id, trigger_key, trigger_kind, channel, recipient, recipient_name, address,
         summons_id, case_id, department_id, message, state, attempts, next_attempt_at, event_at, created_at,
         traceparent)
       SELECT n.id, n.trigger_key, n.trigger_kind, n.channel, n.recipient, n.recipient_name, n.address,
              n.summons_id, n.case_id, n.department_id, n.message::jsonb, 'pending', 0, n.created_at, n.event_at,
              n.created_at, $14::text
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                     $8::uuid[], $9::uuid[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[])
              WITH ORDINALITY AS n(id, trigger_key, trigger_kind, channel, recipient, recipient_name, address,
                                   summons_id, case_id, department_id, message, created_at, event_at, ord)
        ORDER BY n.ord
       ON CONFLICT (recipient, channel, trigger_key) DO NOTHING RETURNING trigger_key`,
      [
        column((n) => n.id),
        column((n) => n.triggerKey),
        column((n) => n.triggerKind),
        column((n) => n.channel),
        column((n) => n.recipient),
        column((n) => n.recipientName),
        column((n) => n.address),
        column((n) => n.summonsId),
        column((n) => n.caseId),
        column((n) => n.departmentId),
        column((n) => JSON.stringify(n.message)),
        column((n) => n.createdAt),
        column((n) => n.eventAt),
        traceparentHere(),
      ],
    );
    for (const row of rows) written.set(row.trigger_key, (written.get(row.trigger_key) ?? 0) + 1);
    return written;
  }

  /**
   * Appends to a department's live stream, once per trigger, and wakes the listeners (delivery
   * worker, live streams) once the transaction commits.
   *
   * The per-department advisory lock makes ids commit in the order they are drawn, so a reader
   * resuming after id N never skips a row that commits later with a smaller id. The entries are
   * only collected here: one pass per transaction, just before its commit, locks every department
   * the transaction appended for, in one statement and in key order, then writes all the entries
   * in one more, which also queues the NOTIFY (PostgreSQL holds it until the commit). The locks are
   * thus held for two round trips, the commit included, not for the whole transaction (the bench
   * showed whistles queueing behind each other on them); and a transaction holding several events
   * (a consumed batch: whistles of different cases, SLA events) takes all its locks at once in the
   * one order every transaction uses, so two of them cannot deadlock on each other's departments.
   */
  async appendStream(
    departmentId: string,
    event: string,
    triggerKey: string,
    data: object,
    at: Date,
  ): Promise<void> {
    const entry: PendingStreamEntry = { departmentId, event, triggerKey, data, at };
    await this.transactions.collectBeforeCommit(PENDING_STREAM, entry, async (manager, entries) => {
      await this.lockStreams(
        manager,
        entries.map((e) => e.departmentId),
      );
      await manager.query(
        `WITH appended AS (
           INSERT INTO stream_entries (department_id, event, trigger_key, data, created_at)
           SELECT e.department_id, e.event, e.trigger_key, e.data::jsonb, e.created_at
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
                  WITH ORDINALITY AS e(department_id, event, trigger_key, data, created_at, ord)
            ORDER BY e.ord
           ON CONFLICT (department_id, trigger_key) DO NOTHING)
         SELECT pg_notify($6, current_schema())`,
        [
          entries.map((e) => e.departmentId),
          entries.map((e) => e.event),
          entries.map((e) => e.triggerKey),
          entries.map((e) => JSON.stringify(e.data)),
          entries.map((e) => e.at),
          NOTIFICATIONS_CHANNEL,
        ],
      );
    });
  }

  /**
   * Takes the stream locks of these departments for the rest of the transaction, in ascending key
   * order, in one statement. PostgreSQL evaluates a volatile function of the select list after the
   * sort (PostgreSQL 9.6 and later), so the locks are really taken in that order; an int test pins it.
   */
  private async lockStreams(manager: EntityManager, departmentIds: readonly string[]): Promise<void> {
    await manager.query(
      `SELECT pg_advisory_xact_lock(k)
         FROM (SELECT DISTINCT hashtext('stream:' || d) AS k FROM unnest($1::text[]) AS d) AS keys
        ORDER BY k`,
      [[...departmentIds]],
    );
  }

  /** With `within`, only entries whose case lies at that center or below it. */
  async streamAfter(
    departmentId: string,
    afterId: string,
    limit: number,
    within: string | null = null,
  ): Promise<StreamEntry[]> {
    const scoped = within === null ? '' : `AND ${caseWithinSql("(data->>'caseId')::uuid", '$4')}`;
    const rows: Array<{ id: string; event: string; data: Record<string, unknown> }> =
      await this.manager.query(
        `SELECT id::text AS id, event, data FROM stream_entries
       WHERE department_id = $1 AND id > $2::bigint ${scoped} ORDER BY id LIMIT $3`,
        within === null ? [departmentId, afterId, limit] : [departmentId, afterId, limit, within],
      );
    return rows;
  }

  async ofSummons(summonsId: string): Promise<NotificationRecord[]> {
    const rows: NotificationRow[] = await this.manager.query(
      `${WITH_HISTORY} WHERE n.summons_id = $1 ORDER BY n.created_at, n.channel, n.recipient`,
      [summonsId],
    );
    return rows.map(toRecord);
  }

  /** With `within`, only those of cases at that center or below it. */
  async deadLetters(limit: number, within: string | null = null): Promise<NotificationRecord[]> {
    const scoped = within === null ? '' : `AND ${caseWithinSql('n.case_id', '$2')}`;
    const rows: NotificationRow[] = await this.manager.query(
      `${WITH_HISTORY} WHERE n.state = 'dead_lettered' ${scoped}
        ORDER BY n.dead_lettered_at DESC, n.id LIMIT $1`,
      within === null ? [limit] : [limit, within],
    );
    return rows.map(toRecord);
  }

  async smsMessages(to: string | undefined, limit: number) {
    const rows: Array<{
      id: string;
      notification_id: string;
      to_phone: string;
      template: string;
      text: string;
      sent_at: Date;
    }> = await this.manager.query(
      `SELECT id::text AS id, notification_id, to_phone, template, text, sent_at FROM sms_simulator_messages
         WHERE $1::text IS NULL OR to_phone = $1 ORDER BY id DESC LIMIT $2`,
      [to ?? null, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      deliveryId: r.notification_id,
      to: r.to_phone,
      template: r.template,
      text: r.text,
      sentAt: new Date(r.sent_at),
    }));
  }
}
