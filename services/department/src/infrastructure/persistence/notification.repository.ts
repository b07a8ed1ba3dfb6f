import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
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
@Injectable()
export class NotificationRepository {
  /** Stream entries waiting for their transaction's commit, per transaction (its manager). */
  private readonly pendingStream = new WeakMap<EntityManager, PendingStreamEntry[]>();

  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  /** Inserts those not written yet (unique on recipient × channel × trigger); answers how many were new. */
  async insertNew(notifications: readonly NewNotification[]): Promise<number> {
    let inserted = 0;
    for (const n of notifications) {
      const rows: unknown[] = await this.manager.query(
        `INSERT INTO notifications (id, trigger_key, trigger_kind, channel, recipient, recipient_name, address,
           summons_id, case_id, department_id, message, state, attempts, next_attempt_at, event_at, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'pending', 0, $12, $13, $12)
         ON CONFLICT (recipient, channel, trigger_key) DO NOTHING RETURNING id`,
        [
          n.id,
          n.triggerKey,
          n.triggerKind,
          n.channel,
          n.recipient,
          n.recipientName,
          n.address,
          n.summonsId,
          n.caseId,
          n.departmentId,
          JSON.stringify(n.message),
          n.createdAt,
          n.eventAt,
        ],
      );
      inserted += rows.length;
    }
    return inserted;
  }

  /**
   * Appends to a department's live stream, once per trigger. The per-department advisory lock
   * makes ids commit in the order they are drawn, so a reader resuming after id N never skips a
   * row that commits later with a smaller id. The entries of a transaction are written last,
   * just before its commit, locks taken in department order: a whistle summoning three
   * departments holds their stream locks for a moment, not for its whole transaction (the bench
   * showed whistles queueing behind each other on those locks).
   */
  async appendStream(
    departmentId: string,
    event: string,
    triggerKey: string,
    data: object,
    at: Date,
  ): Promise<void> {
    const manager = this.manager;
    const entry = { departmentId, event, triggerKey, data, at };
    const pending = this.pendingStream.get(manager);
    if (pending) {
      pending.push(entry);
      return;
    }
    const entries: PendingStreamEntry[] = [entry];
    this.pendingStream.set(manager, entries);
    await this.transactions.beforeCommit(async () => {
      this.pendingStream.delete(manager);
      entries.sort((a, b) =>
        a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : 0,
      );
      let locked: string | null = null;
      for (const e of entries) {
        if (e.departmentId !== locked) {
          await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`stream:${e.departmentId}`]);
          locked = e.departmentId;
        }
        await manager.query(
          `INSERT INTO stream_entries (department_id, event, trigger_key, data, created_at)
           VALUES ($1, $2, $3, $4, $5) ON CONFLICT (department_id, trigger_key) DO NOTHING`,
          [e.departmentId, e.event, e.triggerKey, JSON.stringify(e.data), e.at],
        );
      }
    });
  }

  /** Wakes the listeners once the transaction commits (PostgreSQL holds NOTIFY until then). */
  async signal(): Promise<void> {
    await this.manager.query('SELECT pg_notify($1, current_schema())', [NOTIFICATIONS_CHANNEL]);
  }

  async streamAfter(departmentId: string, afterId: string, limit: number): Promise<StreamEntry[]> {
    const rows: Array<{ id: string; event: string; data: Record<string, unknown> }> =
      await this.manager.query(
        `SELECT id::text AS id, event, data FROM stream_entries
       WHERE department_id = $1 AND id > $2::bigint ORDER BY id LIMIT $3`,
        [departmentId, afterId, limit],
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

  async deadLetters(limit: number): Promise<NotificationRecord[]> {
    const rows: NotificationRow[] = await this.manager.query(
      `${WITH_HISTORY} WHERE n.state = 'dead_lettered' ORDER BY n.dead_lettered_at DESC, n.id LIMIT $1`,
      [limit],
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
