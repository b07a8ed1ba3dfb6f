import { WhistleCompleted, type EventEnvelope } from '@chuishao/contracts';
import { FixedClock, uuidv7 } from '@chuishao/kernel';
import {
  assertTestDatabase,
  createServiceDataSource,
  initializeServiceDatabase,
  SentStatements,
  TransactionHost,
} from '@chuishao/persistence';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EventFactory } from '../src/event-factory';
import { Inbox, type InboxOutcome } from '../src/inbox/inbox';
import { messagingMigrations } from '../src/migrations';

const PROJECTED = Symbol('projected events');

/**
 * Batches as one statement (`asOneStatement`: handlers marked COLLECTS_ITS_WRITES), on real PostgreSQL: a batch
 * whose handlers only collect is its inbox rows and their writes in one round trip with no
 * transaction, and anything else (an id seen before, a handler needing more) falls back to the
 * batch's transaction with the same outcomes and effects, once per event id.
 */
describe('inbox batches as one statement (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let transactions: TransactionHost;
  let inbox: Inbox;
  const statements = new SentStatements();
  const events = new EventFactory(new FixedClock('2026-11-24T08:00:00Z'));

  const completed = (): EventEnvelope => {
    const caseId = uuidv7();
    return events.build(
      WhistleCompleted,
      caseId,
      { actor: { role: 'system', id: 'dispatch' }, correlationId: caseId },
      {
        whistleId: uuidv7(),
        completedAt: '2026-11-24T08:00:00.000Z',
        arrivals: [{ summonsId: uuidv7(), departmentId: 'traffic', arrivedAt: '2026-11-24T08:00:00.000Z' }],
      },
    );
  };
  const entry = (event: EventEnvelope, offset: number, skipped?: boolean) => ({
    event,
    position: { topic: 'whistles', partition: 2, offset: String(offset) },
    ...(skipped ? { skipped } : {}),
  });
  /** A projection's handler: it only collects (one row per event id, written with the batch). */
  const project = ({ event, skipped }: { event: EventEnvelope; skipped?: boolean }) =>
    skipped
      ? Promise.resolve()
      : transactions.collectIntoStatement(PROJECTED, event.id, (statement, ids: string[]) =>
          statement.add((param) => `INSERT INTO projected (event_id) SELECT unnest(${param(ids)}::uuid[])`),
        );
  const projected = async (ids: string[]) =>
    (await dataSource.query('SELECT event_id FROM projected WHERE event_id = ANY($1)', [ids])).length;
  const batchOf = (entries: ReturnType<typeof entry>[], consumer = 'projector') =>
    inbox.handleBatchOnce(consumer, entries, project, { asOneStatement: true });

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: { url, schema: `inbox1s${randomBytes(4).toString('hex')}`, applicationName: 'inbox-test' },
      entities: [],
      migrations: messagingMigrations,
    });
    await initializeServiceDatabase(dataSource);
    // No key: a second effect of one event would show as a second row.
    await dataSource.query('CREATE TABLE projected (event_id uuid NOT NULL)');
    transactions = new TransactionHost(dataSource);
    inbox = new Inbox(transactions);
    statements.install();
  });

  afterAll(async () => {
    statements.uninstall();
    await dataSource?.destroy();
  });

  it('writes a new batch and its inbox rows in ONE statement, and tells the waiters once it is written', async () => {
    const [a, b, c] = [completed(), completed(), completed()];
    const waited = inbox.whenHandled(c.id, 10_000);
    const { answer, sent } = await statements.answerAndSent(() =>
      batchOf([entry(a, 1), entry(b, 2), entry(c, 3, true)]),
    );
    expect(answer).toEqual(['handled', 'handled', 'skipped']);
    expect(sent).toHaveLength(1);
    await waited;
    expect(await projected([a.id, b.id, c.id])).toBe(2); // c is skipped: recorded, not projected
    const rows = await dataSource.query(
      `SELECT outcome FROM inbox WHERE consumer = 'projector' AND event_id = ANY($1) ORDER BY kafka_offset`,
      [[a.id, b.id, c.id]],
    );
    expect(rows.map((r: { outcome: string }) => r.outcome)).toEqual(['handled', 'handled', 'skipped']);
  });

  it('writes a single event (handleOnce) in one statement too, and its redelivery in a transaction', async () => {
    const a = completed();
    const once = () =>
      inbox.handleOnce('single', a, entry(a, 1).position, () => project({ event: a }), {
        asOneStatement: true,
      });
    const first = await statements.answerAndSent(once);
    expect(first.answer).toBe('handled');
    expect(first.sent).toHaveLength(1);
    const again = await statements.answerAndSent(once);
    expect(again.answer).toBe('duplicate');
    expect(again.sent.map((sql) => sql.split(/\s/)[0])).toEqual(['WITH', 'START', 'INSERT', 'COMMIT']);
    expect(await projected([a.id])).toBe(1);
  });

  it('takes a batch with an id seen before in a transaction: each id has its effect once', async () => {
    const [a, b] = [completed(), completed()];
    await batchOf([entry(a, 1)]);
    const mixed = await statements.answerAndSent(() => batchOf([entry(a, 1), entry(b, 2)]));
    expect(mixed.answer).toEqual(['duplicate', 'handled']);
    expect(mixed.sent[0]).toMatch(/^WITH/); // tried, refused on the inbox's key
    expect(mixed.sent.slice(1).map((sql) => sql.split(/\s/)[0])).toEqual([
      'START',
      'INSERT',
      'WITH',
      'COMMIT',
    ]);
    expect(await projected([a.id])).toBe(1);
    expect(await projected([b.id])).toBe(1);
    // An id twice in one batch goes the transaction's way from the start.
    const c = completed();
    const twice = await statements.answerAndSent(() => batchOf([entry(c, 3), entry(c, 3)]));
    expect(twice.answer).toEqual(['handled', 'duplicate']);
    expect(twice.sent[0]).toMatch(/^START/);
    expect(await projected([c.id])).toBe(1);
  });

  it('handles a once-skipped event when code that knows its type meets it again', async () => {
    const a = completed();
    expect(await batchOf([entry(a, 1, true)], 'upgrader')).toEqual(['skipped']);
    expect(await batchOf([entry(a, 1)], 'upgrader')).toEqual(['handled']);
    expect(await batchOf([entry(a, 1)], 'upgrader')).toEqual(['duplicate']);
    expect(await projected([a.id])).toBe(1);
  });

  it('runs a batch whose handler needs a statement of its own in a transaction', async () => {
    const [a, b] = [completed(), completed()];
    const { answer, sent } = await statements.answerAndSent(() =>
      inbox.handleBatchOnce(
        'reader',
        [entry(a, 1), entry(b, 2)],
        async (e, manager) => {
          await manager.query('SELECT 1');
          await project(e);
        },
        { asOneStatement: true },
      ),
    );
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent[0]).toMatch(/^START/); // the refused attempt sent nothing
    expect(await projected([a.id, b.id])).toBe(2);
  });

  it('runs a batch whose handlers are not marked as collecting in a transaction from the start', async () => {
    const [a, b] = [completed(), completed()];
    const { answer, sent } = await statements.answerAndSent(() =>
      inbox.handleBatchOnce('unmarked', [entry(a, 1), entry(b, 2)], project),
    );
    expect(answer).toEqual(['handled', 'handled']);
    expect(sent.map((sql) => sql.split(/\s/)[0])).toEqual(['START', 'INSERT', 'WITH', 'COMMIT']);
    expect(await projected([a.id, b.id])).toBe(2);
  });

  it('lets one of two replicas handling the same batch at once have its effect', async () => {
    const batch = [completed(), completed(), completed()].map((e, i) => entry(e, i + 1));
    const both: InboxOutcome[][] = await Promise.all([batchOf(batch, 'racing'), batchOf(batch, 'racing')]);
    expect(both.flat().sort()).toEqual([...Array(3).fill('duplicate'), ...Array(3).fill('handled')]);
    expect(await projected(batch.map((e) => e.event.id))).toBe(3);
  });
});
