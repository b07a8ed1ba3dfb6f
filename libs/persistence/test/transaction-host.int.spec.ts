import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { assertTestDatabase } from '../src/database-config';
import { createServiceDataSource, initializeServiceDatabase } from '../src/data-source';
import { TransactionHost } from '../src/transaction-host';

/** The ambient transaction's hooks, on real PostgreSQL: what runs before and after the commit. */
describe('TransactionHost (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let transactions: TransactionHost;
  const rows = async () =>
    (await dataSource.query('SELECT note FROM notes ORDER BY id')).map((r: { note: string }) => r.note);

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: { url, schema: `txhost${randomBytes(4).toString('hex')}`, applicationName: 'txhost-test' },
      entities: [],
      migrations: [],
    });
    await initializeServiceDatabase(dataSource);
    await dataSource.query('CREATE TABLE notes (id serial PRIMARY KEY, note text NOT NULL)');
  });

  beforeEach(async () => {
    transactions = new TransactionHost(dataSource);
    await dataSource.query('TRUNCATE notes');
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('runs beforeCommit work last, inside the transaction, and afterCommit once it committed', async () => {
    const seen: string[] = [];
    await transactions.run(async (manager) => {
      await transactions.beforeCommit(async () => {
        await transactions.manager.query(`INSERT INTO notes (note) VALUES ('before commit')`);
        seen.push(`before commit, inside: ${transactions.inTransaction}`);
      });
      transactions.afterCommit(() => seen.push('after commit'));
      await manager.query(`INSERT INTO notes (note) VALUES ('work')`);
      seen.push('work done');
    });
    expect(seen).toEqual(['work done', 'before commit, inside: true', 'after commit']);
    expect(await rows()).toEqual(['work', 'before commit']);
  });

  it('on a rollback runs no afterCommit, and a failing beforeCommit rolls the whole transaction back', async () => {
    const seen: string[] = [];
    await expect(
      transactions.run(async (manager) => {
        transactions.afterCommit(() => seen.push('after commit'));
        await manager.query(`INSERT INTO notes (note) VALUES ('work')`);
        throw new Error('business rule');
      }),
    ).rejects.toThrow('business rule');
    await expect(
      transactions.run(async (manager) => {
        await manager.query(`INSERT INTO notes (note) VALUES ('work')`);
        await transactions.beforeCommit(async () => {
          throw new Error('late write failed');
        });
        transactions.afterCommit(() => seen.push('after commit'));
      }),
    ).rejects.toThrow('late write failed');
    expect(seen).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('outside any transaction, both hooks run at once', async () => {
    const seen: string[] = [];
    await transactions.beforeCommit(async () => void seen.push('before'));
    transactions.afterCommit(() => seen.push('after'));
    expect(seen).toEqual(['before', 'after']);
  });

  it('collects items of one transaction and writes them once, in order, just before its commit', async () => {
    const QUEUE = Symbol('notes');
    const flushes: string[][] = [];
    const flush = async (manager: { query: DataSource['query'] }, notes: string[]) => {
      flushes.push([...notes]);
      await manager.query('INSERT INTO notes (note) SELECT unnest($1::text[])', [notes]);
    };
    await transactions.run(async () => {
      for (const note of ['a', 'b', 'c']) await transactions.collectBeforeCommit(QUEUE, note, flush);
      expect(flushes).toEqual([]); // nothing written before the commit
    });
    expect(flushes).toEqual([['a', 'b', 'c']]);
    expect(await rows()).toEqual(['a', 'b', 'c']);

    await expect(
      transactions.run(async () => {
        await transactions.collectBeforeCommit(QUEUE, 'rolled back', flush);
        throw new Error('the unit of work failed');
      }),
    ).rejects.toThrow('failed');
    expect(flushes).toHaveLength(1); // a rolled-back transaction flushes nothing

    await transactions.collectBeforeCommit(QUEUE, 'alone', flush); // outside any: at once
    expect(flushes).toEqual([['a', 'b', 'c'], ['alone']]);
    expect(await rows()).toEqual(['a', 'b', 'c', 'alone']);
  });

  it('keeps transaction-local state per transaction, and none outside any', async () => {
    const LOCAL = Symbol('held');
    const sets: Array<Set<string> | undefined> = [];
    await transactions.run(async () => {
      transactions.transactionLocal(LOCAL, () => new Set<string>())!.add('x');
      sets.push(transactions.transactionLocal(LOCAL, () => new Set<string>()));
    });
    await transactions.run(async () => {
      sets.push(transactions.transactionLocal(LOCAL, () => new Set<string>()));
    });
    expect([...sets[0]!]).toEqual(['x']);
    expect([...sets[1]!]).toEqual([]);
    expect(transactions.transactionLocal(LOCAL, () => new Set<string>())).toBeUndefined();
  });
});
