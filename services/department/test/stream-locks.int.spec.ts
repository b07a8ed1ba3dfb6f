import { uuidv7 } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { uniqueTestTag, waitFor, type RunningService } from '@chuishao/testing';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PlanNotifications, type TriggerInput } from '../src/application/notify/plan-notifications';
import { startDepartment } from './support/fixtures';

/**
 * The live stream's per-department locks once a transaction holds several events (a consumed
 * batch: whistles of different cases, one after another). Every transaction takes all its stream
 * locks in one statement, in key order, just before its commit; these pin that, since a lock
 * taken earlier or out of order would let two such transactions deadlock.
 */

/** A summons trigger for `departmentId`; the directory need not know it (nobody is texted). */
function trigger(departmentId: string): TriggerInput {
  const summonsId = uuidv7();
  return {
    kind: 'summons',
    key: `summons:${summonsId}`,
    summonsId,
    caseId: uuidv7(),
    caseNo: `LOCK-${summonsId.slice(-6)}`,
    departmentId,
    centerId: null,
    arrivalDeadline: new Date(Date.now() + 1800_000),
    occurredAt: new Date(),
  };
}

/** Resolves once `count` parties have arrived: both transactions have planned before either goes on. */
function barrier(count: number): () => Promise<void> {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((resolve) => (release = resolve));
  return () => {
    arrived += 1;
    if (arrived === count) release();
    return all;
  };
}

describe('department live stream locks (real PostgreSQL)', () => {
  let department: RunningService;
  let database: DataSource;
  let transactions: TransactionHost;
  let planner: PlanNotifications;
  // Advisory locks are per database, not per schema: names of this run only.
  const tag = uniqueTestTag('lock');

  beforeAll(async () => {
    department = await startDepartment();
    database = department.app.get(DataSource);
    transactions = department.app.get(TransactionHost);
    planner = department.app.get(PlanNotifications);
  });

  afterAll(async () => {
    await department?.close();
  });

  /** The stream lock key of each department, as the repository computes it. */
  async function keysOf(departmentIds: string[]): Promise<Map<string, number>> {
    const rows: Array<{ d: string; k: number }> = await database.query(
      `SELECT d, hashtext('stream:' || d) AS k FROM unnest($1::text[]) AS d`,
      [departmentIds],
    );
    return new Map(rows.map((r) => [r.d, r.k]));
  }

  async function streamOf(departmentId: string): Promise<string[]> {
    const rows: Array<{ trigger_key: string }> = await database.query(
      'SELECT trigger_key FROM stream_entries WHERE department_id = $1 ORDER BY id',
      [departmentId],
    );
    return rows.map((r) => r.trigger_key);
  }

  it('takes a transaction’s stream locks in key order, whatever order it planned in', async () => {
    const departments = [`${tag}-a`, `${tag}-b`, `${tag}-c`];
    const keys = await keysOf(departments);
    const [lowest, middle, highest] = [...departments].sort((x, y) => keys.get(x)! - keys.get(y)!);
    // Another session holds the middle lock: a transaction locking in key order takes the lowest,
    // then waits, never having taken the highest.
    const blocker = new Client({ connectionString: process.env.DATABASE_URL });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_advisory_xact_lock($1::bigint)', [keys.get(middle)]);
      let pid = 0;
      const planned = transactions.run(async (manager) => {
        [{ pid }] = await manager.query('SELECT pg_backend_pid() AS pid');
        await planner.planAll([trigger(highest), trigger(middle), trigger(lowest)]);
      });
      const held = await waitFor('the planning transaction to wait for the middle lock', async () => {
        if (pid === 0) return null;
        const rows: Array<{ key: string; granted: boolean }> = await database.query(
          `SELECT ((classid::bigint << 32) | objid::bigint)::int::text AS key, granted
             FROM pg_locks WHERE locktype = 'advisory' AND pid = $1`,
          [pid],
        );
        return rows.some((r) => !r.granted) ? rows : null;
      });
      expect(held.filter((r) => r.granted).map((r) => Number(r.key))).toEqual([keys.get(lowest)]);
      expect(held.filter((r) => !r.granted).map((r) => Number(r.key))).toEqual([keys.get(middle)]);
      await blocker.query('COMMIT');
      await planned;
    } finally {
      await blocker.end();
    }
    for (const d of departments) expect(await streamOf(d)).toHaveLength(1);
  });

  it('lets two transactions planning the same departments in opposite orders both commit, in one order', async () => {
    const [first, second] = [`${tag}-x`, `${tag}-y`];
    const bothPlanned = barrier(2);
    // Each transaction plans two events, as a consumed batch would, in opposite department
    // orders, and neither commits before both have planned: a lock taken while planning would
    // deadlock here (PostgreSQL would abort one with 40P01).
    const plan = (departments: string[]) =>
      transactions.run(async () => {
        const triggers = departments.map(trigger);
        await planner.planAll([triggers[0]]);
        await bothPlanned();
        await planner.planAll([triggers[1]]);
        return triggers.map((t) => t.key);
      });
    const [one, other] = await Promise.all([plan([first, second]), plan([second, first])]);

    const streamOfFirst = await streamOf(first);
    const streamOfSecond = await streamOf(second);
    expect([...streamOfFirst].sort()).toEqual([one[0], other[1]].sort());
    expect([...streamOfSecond].sort()).toEqual([one[1], other[0]].sort());
    // Whichever took the locks first holds both to its commit: it comes first in both streams.
    const oneFirst = streamOfFirst[0] === one[0];
    expect(streamOfSecond[0]).toBe(oneFirst ? one[1] : other[0]);
  });
});
