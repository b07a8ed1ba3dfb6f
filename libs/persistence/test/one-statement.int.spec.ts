import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CteStatement } from '../src/cte-statement';
import { assertTestDatabase } from '../src/database-config';
import { createServiceDataSource, initializeServiceDatabase } from '../src/data-source';
import { SentStatements } from '../src/sent-statements';
import { TransactionHost } from '../src/transaction-host';

const NOTES = Symbol('notes');
const insertNotes = (statement: CteStatement, notes: Array<string | null>) =>
  statement.add((param) => `INSERT INTO notes (note) SELECT unnest(${param(notes)}::text[])`);

/**
 * Work tried as one statement (TransactionHost.runAsOneStatement), on real PostgreSQL: what its
 * collectors queued goes in one round trip with no transaction, or nothing at all goes.
 */
describe('TransactionHost: work as one statement (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let transactions: TransactionHost;
  const statements = new SentStatements();
  const rows = async () =>
    (await dataSource.query('SELECT note FROM notes')).map((r: { note: string }) => r.note).sort();

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: {
        url,
        schema: `onestmt${randomBytes(4).toString('hex')}`,
        applicationName: 'one-statement-test',
      },
      entities: [],
      migrations: [],
    });
    await initializeServiceDatabase(dataSource);
    await dataSource.query('CREATE TABLE notes (id serial PRIMARY KEY, note text NOT NULL)');
    statements.install();
  });

  beforeEach(async () => {
    transactions = new TransactionHost(dataSource);
    await dataSource.query('TRUNCATE notes');
  });

  afterAll(async () => {
    statements.uninstall();
    await dataSource?.destroy();
  });

  const collect = (note: string | null, maxItems?: number) =>
    transactions.collectIntoStatement(NOTES, note, insertNotes, maxItems);

  it('sends the first write and what the work collected as ONE statement after it, then its afterCommit', async () => {
    const seen: string[] = [];
    const sent: string[] = [];
    let done: unknown;
    await statements.sent(async () => {
      done = await transactions.runAsOneStatement(
        (statement) => insertNotes(statement, ['first']),
        async () => {
          for (const note of ['a', 'b', 'c']) await collect(note);
          await transactions.run(async () => transactions.afterCommit(() => seen.push('after commit')));
          expect(sent).toEqual([]); // nothing before the work ends
          return 'result';
        },
      );
    }, sent);
    expect(done).toEqual({ result: 'result' });
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/^WITH w0 AS \(INSERT/);
    expect(seen).toEqual(['after commit']);
    expect(await rows()).toEqual(['a', 'b', 'c', 'first']);
  });

  it.each([
    ['the manager', () => transactions.manager.query('SELECT 1')],
    ['a hook before the commit', () => transactions.beforeCommit(async () => undefined)],
    ['a flush of its own', () => transactions.collectBeforeCommit(Symbol('own'), 'x', async () => undefined)],
  ])(
    'answers null, having sent nothing, to work that asks for %s, even when it catches the refusal',
    async (_what, ask) => {
      const seen: string[] = [];
      const { answer, sent } = await statements.answerAndSent(() =>
        transactions.runAsOneStatement(
          (statement) => insertNotes(statement, ['first']),
          async () => {
            await collect('a');
            transactions.afterCommit(() => seen.push('after commit'));
            await ask().catch(() => undefined);
          },
        ),
      );
      expect(answer).toBeNull();
      expect(sent).toEqual([]);
      expect(seen).toEqual([]);
      expect(await rows()).toEqual([]);
    },
  );

  it('answers null to more items than one statement of a collector takes', async () => {
    const { answer, sent } = await statements.answerAndSent(() =>
      transactions.runAsOneStatement(
        () => undefined,
        async () => {
          for (const note of ['a', 'b', 'c']) await collect(note, 2);
        },
      ),
    );
    expect(answer).toBeNull();
    expect(sent).toEqual([]);
  });

  it('writes nothing when any part of the statement fails, and runs no afterCommit', async () => {
    const seen: string[] = [];
    await expect(
      transactions.runAsOneStatement(
        (statement) => insertNotes(statement, ['first']),
        async () => {
          await collect('a');
          await collect(null); // violates NOT NULL
          transactions.afterCommit(() => seen.push('after commit'));
        },
      ),
    ).rejects.toMatchObject({ code: '23502' });
    expect(seen).toEqual([]);
    expect(await rows()).toEqual([]);
  });

  it('hands a collector the rows its expression returns, as one statement and in a transaction', async () => {
    const returned: string[][] = [];
    const collectReturning = (note: string) =>
      transactions.collectIntoStatement(Symbol.for('returning'), note, (statement, notes: string[]) =>
        statement.add(
          (param) => `INSERT INTO notes (note) SELECT unnest(${param(notes)}::text[]) RETURNING note`,
          (rows) => returned.push(rows.map((row) => String(row.note)).sort()),
        ),
      );
    await transactions.runAsOneStatement(
      (statement) => insertNotes(statement, ['first']),
      async () => {
        await collectReturning('a');
        await collectReturning('b');
      },
    );
    await transactions.run(() => collectReturning('c'));
    expect(returned).toEqual([['a', 'b'], ['c']]);
  });

  it('in a transaction, sends the collected items before the commit, a statement per maxItems', async () => {
    const sent = await statements.sent(() =>
      transactions.run(async () => {
        for (const note of ['a', 'b', 'c']) await collect(note, 2);
      }),
    );
    expect(sent.map((sql) => sql.split(' ')[0])).toEqual(['START', 'WITH', 'WITH', 'COMMIT']);
    expect(await rows()).toEqual(['a', 'b', 'c']);
    const alone = await statements.sent(() => collect('alone')); // outside any transaction: at once
    expect(alone).toHaveLength(1);
    expect(await rows()).toEqual(['a', 'alone', 'b', 'c']);
  });
});
