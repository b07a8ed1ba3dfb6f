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
 * Unpublished rows in commit order: only those whose transaction is older than the oldest still
 * running (`pg_snapshot_xmin`), so a transaction that took its id earlier but commits later is
 * never overtaken — its rows would otherwise be published after later ones of the same case.
 * `held` says whether any unpublished row waits behind such a transaction (look again soon). One
 * statement for both: a relay pass runs on every commit and every poll of every service, and the
 * second round trip was one statement in five of it. With no row to send it answers one row of
 * nulls with `held`.
 */
const COMMITTED_ROWS = `WITH batch AS (
    SELECT seq, topic, message_key, event_type, event_id, envelope, headers, txid FROM outbox
    WHERE published_at IS NULL AND set_aside_at IS NULL AND txid < pg_snapshot_xmin(pg_current_snapshot())
    ORDER BY txid, seq LIMIT $1
  ), held AS (
    SELECT EXISTS (SELECT 1 FROM outbox WHERE published_at IS NULL AND set_aside_at IS NULL
      AND txid >= pg_snapshot_xmin(pg_current_snapshot())) AS held
  )
  SELECT b.seq, b.topic, b.message_key, b.event_type, b.event_id, b.envelope, b.headers, h.held
  FROM held h LEFT JOIN batch b ON true
  ORDER BY b.txid, b.seq`;

/** The committed rows to send next, in commit order, and whether others wait behind an open transaction. */
export async function readCommittedRows(
  manager: EntityManager,
  batchSize: number,
): Promise<{ rows: OutboxRow[]; held: boolean }> {
  const answered: Array<(OutboxRow | NoRow) & { held: boolean }> = await manager.query(COMMITTED_ROWS, [
    batchSize,
  ]);
  const rows = answered.filter((row): row is OutboxRow & { held: boolean } => row.seq !== null);
  return { rows, held: answered[0]?.held === true };
}
