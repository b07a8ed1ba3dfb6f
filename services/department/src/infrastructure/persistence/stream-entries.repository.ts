import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import { sql } from 'kysely';
import { z } from 'zod';
import { streamSignalSql } from './notification-signal-payloads';
import { caseWithin, DepartmentSql } from './schema';

export interface StreamEntry {
  id: string;
  event: string;
  data: Record<string, unknown>;
}

const streamEntryRow = z.object({
  id: z.string(),
  event: z.string(),
  data: z.record(z.string(), z.unknown()),
});

interface PendingStreamEntry {
  departmentId: string;
  event: string;
  triggerKey: string;
  data: object;
  at: Date;
}

/** An entry as the append statement reads it from JSON; `n` keeps the order they were appended in. */
function rowOf(e: PendingStreamEntry, n: number) {
  return {
    department_id: e.departmentId,
    event: e.event,
    trigger_key: e.triggerKey,
    data: e.data,
    created_at: e.at.toISOString(),
    n,
  };
}

/** Stream entries waiting for their transaction's commit (TransactionHost.collectBeforeCommit). */
const PENDING_STREAM = Symbol('pending stream entries');

/** The per-department live stream: appended in the transaction of what caused it, read by id. */
@Injectable()
export class StreamEntriesRepository {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly sql: DepartmentSql,
  ) {}

  /**
   * Appends to a department's live stream, once per trigger, and wakes the listeners (delivery
   * worker, live streams) once the transaction commits.
   *
   * The per-department advisory lock makes ids commit in the order they are drawn, so a reader
   * resuming after id N never skips a row that commits later with a smaller id. The entries are
   * only collected here: one pass per transaction, just before its commit, locks every department
   * the transaction appended for, in key order, and writes all the entries, in one statement, which
   * also queues the NOTIFY (PostgreSQL holds it until the commit). The locks are thus held for one
   * round trip and the commit, not for the whole transaction (the bench
   * showed whistles queueing behind each other on them); and a transaction holding several events
   * (a consumed batch: whistles of different cases, SLA events) takes all its locks at once in the
   * one order every transaction uses, so two of them cannot deadlock on each other's departments.
   */
  async append(
    departmentId: string,
    event: string,
    triggerKey: string,
    data: object,
    at: Date,
  ): Promise<void> {
    const entry: PendingStreamEntry = { departmentId, event, triggerKey, data, at };
    await this.transactions.collectBeforeCommit(PENDING_STREAM, entry, (_manager, entries) =>
      this.appendAll(entries),
    );
  }

  /**
   * One statement: the stream locks of every department the entries are for, in ascending key
   * order, then the entries, then the NOTIFY (PostgreSQL holds it until the commit). The insert
   * reads the locks' result, so it runs, and draws its ids, only once every lock is held.
   * PostgreSQL evaluates a volatile function of the select list after the sort (PostgreSQL 9.6 and
   * later), so the locks are really taken in that order; an int test pins it.
   */
  private async appendAll(entries: readonly PendingStreamEntry[]): Promise<void> {
    const departmentIds = entries.map((e) => e.departmentId);
    await this.sql.db
      .with(
        'locked',
        () =>
          // Parenthesised here: Kysely writes a raw common expression as it is given.
          sql`(SELECT pg_advisory_xact_lock(k) AS held
                FROM (SELECT DISTINCT hashtext('stream:' || d) AS k FROM unnest(${departmentIds}::text[]) AS d) AS keys
               ORDER BY k)`,
      )
      .with('appended', (db) =>
        db
          .insertInto('stream_entries')
          .columns(['department_id', 'event', 'trigger_key', 'data', 'created_at'])
          .expression(
            sql`SELECT e.department_id, e.event, e.trigger_key, e.data, e.created_at
                FROM jsonb_to_recordset(${JSON.stringify(entries.map(rowOf))}::jsonb)
                  AS e(department_id text, event text, trigger_key text, data jsonb, created_at timestamptz, n int)
               WHERE (SELECT count(*) FROM locked) > 0
               ORDER BY e.n`,
          )
          .onConflict((oc) => oc.columns(['department_id', 'trigger_key']).doNothing()),
      )
      .selectNoFrom(streamSignalSql().as('notified'))
      .execute();
  }

  /** With `within`, only entries whose case lies at that center or below it. */
  async after(
    departmentId: string,
    afterId: string,
    limit: number,
    within: string | null = null,
  ): Promise<StreamEntry[]> {
    let query = this.sql.db
      .selectFrom('stream_entries')
      .select([sql<string>`id::text`.as('id'), 'event', 'data'])
      .where('department_id', '=', departmentId)
      .where(sql<boolean>`id > ${afterId}::bigint`);
    if (within !== null) query = query.where(caseWithin(sql`(data->>'caseId')::uuid`, within));
    const rows = await query.orderBy('id').limit(limit).execute();
    return rows.map((row) => streamEntryRow.parse(row));
  }
}
