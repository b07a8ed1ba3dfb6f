import type { EntityManager } from 'typeorm';

export interface OutboxRow {
  seq: string;
  topic: string;
  message_key: string;
  event_type: string;
  event_id: string;
  envelope: unknown;
  headers: Record<string, string>;
}

/** The row of nulls COMMITTED_ROWS answers when nothing is ready to send. */
type NoRow = { [K in keyof OutboxRow]: null };

/**
 * The transaction ids below which every row of this outbox is committed or never will be: the
 * oldest transaction, running when the statement's snapshot was taken, that may have written here.
 *
 * Only this service's role writes its outbox (each service runs as `<schema>_runtime`), so the
 * other services' open transactions need not hold its rows back. The server-wide
 * `pg_snapshot_xmin` did: under load some transaction of the eight services is always open, and
 * the rows waited 100–200 ms for it. A transaction the snapshot saw running still holds rows back
 * when it is one of this role's sessions (`pg_stat_get_activity` shows a role's own sessions' ids),
 * or when it has ended since the snapshot was taken: its owner can no longer be told, and its rows,
 * if any, are invisible to this snapshot. The CASE reads the sessions before the first status, so
 * a transaction still running at its status was running when the sessions were read.
 */
const HORIZON = `SELECT coalesce(
    (SELECT min(x) FROM pg_snapshot_xip(snap.s) AS x
      WHERE CASE WHEN x::xid = ANY (
                   SELECT backend_xid FROM pg_stat_get_activity(NULL)
                   WHERE usesysid = (SELECT oid FROM pg_roles WHERE rolname = current_user) AND backend_xid IS NOT NULL)
                 THEN true
                 ELSE pg_xact_status(x) IS DISTINCT FROM 'in progress' END),
    pg_snapshot_xmax(snap.s)) AS h
  FROM (SELECT pg_current_snapshot() AS s) AS snap`;

/**
 * The relay's lock, then unpublished rows in commit order: only those whose transaction is below
 * the HORIZON, so a transaction that took its id earlier but commits later is never overtaken —
 * its rows would otherwise be published after later ones of the same case.
 * `held` says whether any unpublished row waits behind such a transaction (look again soon). One
 * statement for all three: a relay pass runs on every commit and every poll of every service, and
 * each round trip was a statement in five of it. With no row to send (or no lock) it answers one
 * row of nulls with `locked` and `held`.
 *
 * The lock (one relay per schema at a time, until the pass's transaction ends) is tried in the
 * statement that reads the rows, so on the statement's snapshot, taken just before the try: a
 * pass that gets the lock the moment another replica's pass commits may read rows that pass sent
 * as still unsent, and send them again. They are the same events (the same ids, in the same
 * order, before anything later), which consumers' inboxes take once: a redelivery, as after a
 * crash between the send and the mark. A separate statement for the lock cost every pass of
 * every service a round trip to rule out a race between replicas that only repeats a delivery.
 */
const COMMITTED_ROWS = `WITH relay_lock AS MATERIALIZED (
    SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':outbox-relay')) AS locked
  ), horizon AS MATERIALIZED (${HORIZON}), batch AS (
    SELECT seq, topic, message_key, event_type, event_id, envelope, headers, txid FROM outbox
    WHERE (SELECT locked FROM relay_lock)
      AND published_at IS NULL AND set_aside_at IS NULL AND txid < (SELECT h FROM horizon)
    ORDER BY txid, seq LIMIT $1
  ), held AS (
    SELECT (SELECT locked FROM relay_lock) AND EXISTS (SELECT 1 FROM outbox
      WHERE published_at IS NULL AND set_aside_at IS NULL AND txid >= (SELECT h FROM horizon)) AS held
  )
  SELECT b.seq, b.topic, b.message_key, b.event_type, b.event_id, b.envelope, b.headers, h.held, l.locked
  FROM relay_lock l CROSS JOIN held h LEFT JOIN batch b ON true
  ORDER BY b.txid, b.seq`;

/**
 * Tries the relay's lock and, held, reads the committed rows to send next, in commit order, and
 * whether others wait behind an open transaction. In the pass's transaction (the lock lasts as
 * long as it does).
 */
export async function lockAndReadCommittedRows(
  manager: EntityManager,
  batchSize: number,
): Promise<{ locked: boolean; rows: OutboxRow[]; held: boolean }> {
  const answered: Array<(OutboxRow | NoRow) & { held: boolean; locked: boolean }> = await manager.query(
    COMMITTED_ROWS,
    [batchSize],
  );
  const rows = answered.filter(
    (row): row is OutboxRow & { held: boolean; locked: boolean } => row.seq !== null,
  );
  return { locked: answered[0]?.locked === true, rows, held: answered[0]?.held === true };
}
