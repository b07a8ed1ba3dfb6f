import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';

/** An event of the floor harness: what a real event carries, sized like one. */
export interface FloorEvent {
  id: string;
  type: 'WhistleBlown' | 'SummonsReceived' | 'SummonsAcknowledged' | 'DepartmentArrived' | 'WhistleCompleted';
  whistleId: string;
  summonsId?: string;
  summonsIds?: string[];
  /** Filler to the pipeline's mean event size. */
  pad: string;
}

/**
 * The floor's durable state, in a schema of its own: whistles, summons, an outbox and an inbox
 * per consumer group. Each state change SPEC requires is one transaction that writes its row and
 * its outbox row, nothing more: the least a whistle must cost the database.
 */
export class FloorStore {
  constructor(
    private readonly pool: Pool,
    readonly schema: string,
    private readonly pad: string,
  ) {}

  async create(): Promise<void> {
    const s = this.schema;
    await this.pool.query(`CREATE SCHEMA ${s};
      CREATE TABLE ${s}.whistles (id uuid PRIMARY KEY, state text NOT NULL, arrived int NOT NULL DEFAULT 0);
      CREATE TABLE ${s}.summons (id uuid PRIMARY KEY, whistle_id uuid NOT NULL, state text NOT NULL);
      CREATE TABLE ${s}.outbox (id bigserial PRIMARY KEY, key text NOT NULL, payload jsonb NOT NULL,
                                published boolean NOT NULL DEFAULT false);
      CREATE INDEX outbox_unpublished ON ${s}.outbox (id) WHERE NOT published;
      CREATE TABLE ${s}.inbox (group_name text NOT NULL, event_id uuid NOT NULL, PRIMARY KEY (group_name, event_id));`);
  }

  async drop(): Promise<void> {
    await this.pool.query(`DROP SCHEMA IF EXISTS ${this.schema} CASCADE`);
  }

  event(type: FloorEvent['type'], whistleId: string, more: Partial<FloorEvent> = {}): FloorEvent {
    return { id: randomUUID(), type, whistleId, ...more, pad: this.pad };
  }

  /** The whistle with its three summons, and WhistleBlown. */
  blow(whistleId: string, summonsIds: string[]): Promise<void> {
    return this.transaction(async (db) => {
      await db.query(`INSERT INTO ${this.schema}.whistles (id, state) VALUES ($1, 'open')`, [whistleId]);
      await db.query(
        `INSERT INTO ${this.schema}.summons (id, whistle_id, state) SELECT unnest($2::uuid[]), $1, 'notified'`,
        [whistleId, summonsIds],
      );
      await this.append(db, this.event('WhistleBlown', whistleId, { summonsIds }));
    });
  }

  /** One summons moves (received, acknowledged, arrived) and says so. */
  moveSummons(summonsId: string, whistleId: string, state: string, type: FloorEvent['type']): Promise<void> {
    return this.transaction(async (db) => {
      await db.query(`UPDATE ${this.schema}.summons SET state = $2 WHERE id = $1`, [summonsId, state]);
      await this.append(db, this.event(type, whistleId, { summonsId }));
    });
  }

  /** An arrival counted on its whistle; answers the whistles whose every summons has arrived. */
  countArrivals(db: PoolClient, arrivals: FloorEvent[]): Promise<string[]> {
    return db
      .query<{ id: string; arrived: number }>(
        `UPDATE ${this.schema}.whistles w SET arrived = w.arrived + a.n
           FROM (SELECT x AS id, count(*)::int AS n FROM unnest($1::uuid[]) AS x GROUP BY x) a
          WHERE w.id = a.id RETURNING w.id, w.arrived`,
        [arrivals.map((e) => e.whistleId)],
      )
      .then((r) => r.rows.filter((row) => row.arrived === 3).map((row) => row.id));
  }

  complete(whistleId: string): Promise<void> {
    return this.transaction(async (db) => {
      await db.query(`UPDATE ${this.schema}.whistles SET state = 'completed' WHERE id = $1`, [whistleId]);
      await this.append(db, this.event('WhistleCompleted', whistleId));
    });
  }

  /** A consumer group's batch, recorded once: answers the events not seen before. */
  async remember(db: PoolClient, group: string, events: FloorEvent[]): Promise<FloorEvent[]> {
    const { rows } = await db.query<{ event_id: string }>(
      `INSERT INTO ${this.schema}.inbox (group_name, event_id) SELECT $1, unnest($2::uuid[])
       ON CONFLICT DO NOTHING RETURNING event_id`,
      [group, events.map((e) => e.id)],
    );
    const fresh = new Set(rows.map((r) => r.event_id));
    return events.filter((e) => fresh.has(e.id));
  }

  /** The relay's pass: a batch of unpublished rows, sent by `send`, marked in the same transaction. */
  relay(
    limit: number,
    send: (rows: Array<{ key: string; payload: FloorEvent }>) => Promise<void>,
  ): Promise<number> {
    return this.transaction(async (db) => {
      const { rows } = await db.query<{ id: string; key: string; payload: FloorEvent }>(
        `SELECT id, key, payload FROM ${this.schema}.outbox WHERE NOT published ORDER BY id LIMIT $1
         FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (rows.length === 0) return 0;
      await send(rows);
      await db.query(`UPDATE ${this.schema}.outbox SET published = true WHERE id = ANY($1::bigint[])`, [
        rows.map((r) => r.id),
      ]);
      return rows.length;
    });
  }

  async transaction<T>(work: (db: PoolClient) => Promise<T>): Promise<T> {
    const db = await this.pool.connect();
    try {
      await db.query('BEGIN');
      const result = await work(db);
      await db.query('COMMIT');
      return result;
    } catch (error) {
      await db.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      db.release();
    }
  }

  private append(db: PoolClient, event: FloorEvent): Promise<unknown> {
    return db.query(`INSERT INTO ${this.schema}.outbox (key, payload) VALUES ($1, $2)`, [
      event.whistleId,
      event,
    ]);
  }
}
