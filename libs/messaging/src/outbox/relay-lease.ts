import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** Where a replica that cannot publish tells the one that can: the payload is the schema. */
export const RELAY_CHANNEL = 'chuishao_outbox_relay';

/**
 * The schema's relay lock (a session advisory lock) taken, or told of this replica's rows when
 * another holds it: one statement either way. NOTIFY waits for the statement's commit, at once.
 */
const TAKE_OR_TELL = `SELECT l.locked, current_schema() AS schema,
    CASE WHEN l.locked THEN NULL ELSE pg_notify($1, current_schema()) END AS told
  FROM (SELECT pg_try_advisory_lock(hashtext(current_schema() || ':outbox-relay')) AS locked) AS l`;

interface Held {
  client: PoolClient;
  /** The pool's: with an argument, the connection is closed instead of kept. */
  release: (destroy?: unknown) => void;
  /** Its connection broke while idle: the next pass drops it. */
  broken: boolean;
}

/**
 * The relay's own connection, which holds the schema's relay lock for as long as it lives, so one
 * replica publishes at a time (per-case order) and its passes need no transaction: a pass is the
 * rows read and their marking, two statements, where a transaction holding a transaction-scoped
 * lock took five. The connection is never handed back to the pool with the lock: dropped (at stop,
 * or after any error on it) it is closed, and PostgreSQL releases the lock with the session.
 *
 * A replica whose relay cannot take the lock tells the holder of its rows (NOTIFY, which the
 * holder LISTENs for on this connection): rows another replica commits go out on their commit,
 * not at the holder's next poll.
 */
export class RelayLease {
  private held: Held | null = null;

  constructor(
    private readonly dataSource: DataSource,
    /** Another replica committed rows for this schema's outbox: the holder should look. */
    private readonly onOtherRows: () => void,
  ) {}

  /** Whether this relay holds the lock now: kept from an earlier pass, or taken now if it is free. */
  async take(): Promise<boolean> {
    if (this.held && !this.held.broken) return true;
    await this.drop();
    const driver = this.dataSource.driver as PostgresDriver;
    const [client, release] = (await driver.obtainMasterConnection()) as [PoolClient, Held['release']];
    const held: Held = { client, release, broken: false };
    // A checked-out connection that breaks emits 'error', which must not go unheard (it would end
    // the process); the next pass drops it and takes the lock anew.
    const onError = () => (held.broken = true);
    client.on('error', onError);
    try {
      const taken = await client.query<{ locked: boolean; schema: string }>(TAKE_OR_TELL, [RELAY_CHANNEL]);
      const [{ locked, schema }] = taken.rows;
      if (!locked) {
        client.removeListener('error', onError);
        release(); // nothing is held on it: back to the pool
        return false;
      }
      client.on('notification', ({ channel, payload }) => {
        if (channel === RELAY_CHANNEL && payload === schema) this.onOtherRows();
      });
      await client.query(`LISTEN ${RELAY_CHANNEL}`);
    } catch (error) {
      release(error);
      throw error;
    }
    this.held = held;
    return true;
  }

  /** A statement on the lease's connection, outside any transaction; an error drops the lease. */
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const held = this.held;
    if (!held || held.broken) throw new Error('the outbox relay does not hold its lease');
    try {
      return (await held.client.query(sql, params)).rows as T[];
    } catch (error) {
      await this.drop();
      throw error;
    }
  }

  /** Closes the lease's connection (never back to the pool): the lock goes with the session. */
  async drop(): Promise<void> {
    const held = this.held;
    this.held = null;
    if (!held) return;
    held.client.removeAllListeners('notification');
    held.release(new Error('outbox relay lease dropped'));
    // The pool ends the client on its own; 'error' stays heard until then.
  }
}
