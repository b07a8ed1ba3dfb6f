import { Injectable } from '@nestjs/common';
import { currentTraceIds, traceparentOf } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { sql } from 'kysely';
import { notificationRowOf, type NewNotification } from './notification-rows';
import { deliveriesSignalSql, streamSignalSql } from './notification-signal-payloads';
import { DepartmentSql, type NotificationsTable } from './schema';

/** A live-stream entry of a trigger (the department's stream carries every trigger once). */
export interface StreamEntryToAppend {
  departmentId: string;
  event: string;
  triggerKey: string;
  data: object;
  at: Date;
}

/** What one plan (PlanNotifications.planAll) queued: its rows, and the claims they make due. */
interface QueuedPlan {
  notifications: NotificationsTable[];
  due: number;
  entries: StreamEntryToAppend[];
}

/** Plans waiting for their transaction's commit (TransactionHost.collectBeforeCommit). */
const PENDING_PLANS = Symbol('planned notifications and stream entries');

/** The span the notifications are planned in (a consumed event's), for their delivery's span. */
function traceparentHere(): string | null {
  const ids = currentTraceIds();
  return ids ? traceparentOf(ids) : null;
}

/** An entry as the append reads it from JSON; `n` keeps the order they were appended in. */
function entryRowOf(e: StreamEntryToAppend, n: number) {
  return {
    department_id: e.departmentId,
    event: e.event,
    trigger_key: e.triggerKey,
    data: e.data,
    created_at: e.at.toISOString(),
    n,
  };
}

/**
 * What planning a trigger writes: who must hear of it (its notifications, unique on recipient ×
 * channel × trigger, so a redelivered event adds none) and its entry on the department's live
 * stream (once per trigger). Both are only collected here; one statement per transaction, just
 * before its commit, writes every plan of it (a consumed batch: whistles of different cases, SLA
 * events), where the notifications and the stream were a statement each per plan.
 *
 * The stream's per-department advisory locks make ids commit in the order they are drawn, so a
 * reader resuming after id N never skips a row that commits later with a smaller id. Taken in that
 * last statement, they are held for one round trip and the commit, not for the whole transaction
 * (the bench showed whistles queueing behind each other on them); and all at once, in the one key
 * order every transaction uses, so two transactions cannot deadlock on each other's departments.
 * The statement also queues the NOTIFYs (PostgreSQL holds them until the commit): the stream's,
 * and, when a notification was new, the claims the plans made due for the delivery worker.
 */
@Injectable()
export class TriggerWrites {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly sql: DepartmentSql,
  ) {}

  /** Queues a plan's notifications (making `due` claims) and stream entries for the commit. */
  async queue(
    notifications: readonly NewNotification[],
    due: number,
    entries: readonly StreamEntryToAppend[],
  ): Promise<void> {
    const traceparent = traceparentHere();
    const plan: QueuedPlan = {
      notifications: notifications.map((n) => notificationRowOf(n, traceparent)),
      due,
      entries: [...entries],
    };
    await this.transactions.collectBeforeCommit(PENDING_PLANS, plan, (_manager, plans) =>
      this.writeAll(plans),
    );
  }

  /**
   * One statement: the stream locks of every department the entries are for, in ascending key
   * order, then the entries, which read the locks' result, so they are inserted, and draw their
   * ids, only once every lock is held; the notifications; the NOTIFYs. PostgreSQL evaluates a
   * volatile function of the select list after the sort (9.6 and later), so the locks are really
   * taken in that order; test/stream-locks.int.spec.ts pins it.
   */
  private async writeAll(plans: readonly QueuedPlan[]): Promise<void> {
    const entries = plans.flatMap((p) => p.entries);
    const notifications = plans.flatMap((p) => p.notifications);
    const due = plans.reduce((sum, p) => sum + p.due, 0);
    await this.sql.db
      .with(
        'locked',
        () =>
          // Parenthesised here: Kysely writes a raw common expression as it is given.
          sql`(SELECT pg_advisory_xact_lock(k) AS held
                FROM (SELECT DISTINCT hashtext('stream:' || d) AS k
                      FROM unnest(${entries.map((e) => e.departmentId)}::text[]) AS d) AS keys
               ORDER BY k)`,
      )
      .with('appended', (db) =>
        db
          .insertInto('stream_entries')
          .columns(['department_id', 'event', 'trigger_key', 'data', 'created_at'])
          .expression(
            sql`SELECT e.department_id, e.event, e.trigger_key, e.data, e.created_at
                FROM jsonb_to_recordset(${JSON.stringify(entries.map(entryRowOf))}::jsonb)
                  AS e(department_id text, event text, trigger_key text, data jsonb, created_at timestamptz, n int)
               WHERE (SELECT count(*) FROM locked) > 0
               ORDER BY e.n`,
          )
          .onConflict((oc) => oc.columns(['department_id', 'trigger_key']).doNothing()),
      )
      .with('inserted', (db) =>
        notifications.length > 0
          ? db
              .insertInto('notifications')
              .values(notifications)
              .onConflict((oc) => oc.columns(['recipient', 'channel', 'trigger_key']).doNothing())
              .returning(['id'])
          : db.selectNoFrom(sql<string>`NULL::uuid`.as('id')).where(sql<boolean>`false`),
      )
      .selectNoFrom([
        streamSignalSql().as('stream_notified'),
        // Only when a notification was new: a redelivered event makes nothing due.
        sql`CASE WHEN EXISTS (SELECT 1 FROM inserted) THEN ${deliveriesSignalSql(due)} END`.as(
          'deliveries_notified',
        ),
      ])
      .execute();
  }
}
