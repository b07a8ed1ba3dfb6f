import { WhistleCompleted, type EventEnvelope } from '@chuishao/contracts';
import { FixedClock, uuidv7 } from '@chuishao/kernel';
import {
  assertTestDatabase,
  createServiceDataSource,
  initializeServiceDatabase,
  TransactionHost,
} from '@chuishao/persistence';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { EventFactory } from '../src/event-factory';
import { Inbox } from '../src/inbox/inbox';
import { messagingMigrations } from '../src/migrations';

/**
 * A batch of events in one transaction (real PostgreSQL): every event recorded by one INSERT,
 * the work done once per event id — an id seen in an earlier transaction or twice in the same
 * batch is a duplicate — and a failure anywhere leaves no trace of the batch at all.
 */
describe('inbox batches (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let inbox: Inbox;
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
  const entry = (event: EventEnvelope, offset: number) => ({
    event,
    position: { topic: 'whistles', partition: 2, offset: String(offset) },
  });

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: { url, schema: `inbox${randomBytes(4).toString('hex')}`, applicationName: 'inbox-test' },
      entities: [],
      migrations: messagingMigrations,
    });
    await initializeServiceDatabase(dataSource);
    inbox = new Inbox(new TransactionHost(dataSource));
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('does the work once per event id: earlier batches and repeats within the batch are duplicates', async () => {
    const [a, b, c] = [completed(), completed(), completed()];
    await inbox.handleOnce('group-1', a, entry(a, 1).position, async () => undefined);

    const worked: string[] = [];
    const outcomes = await inbox.handleBatchOnce(
      'group-1',
      [entry(a, 1), entry(b, 2), entry(c, 3), entry(b, 4)],
      async ({ event }, manager) => {
        worked.push(event.id);
        await manager.query('SELECT 1'); // the work runs in the batch's transaction
      },
    );

    expect(outcomes).toEqual(['duplicate', 'handled', 'handled', 'duplicate']);
    expect(worked).toEqual([b.id, c.id]);
    const rows: Array<{ event_id: string; kafka_offset: string }> = await dataSource.query(
      `SELECT event_id, kafka_offset FROM inbox WHERE consumer = 'group-1' ORDER BY kafka_offset`,
    );
    expect(rows).toEqual([
      { event_id: a.id, kafka_offset: '1' },
      { event_id: b.id, kafka_offset: '2' },
      { event_id: c.id, kafka_offset: '3' },
    ]);
  });

  it('keeps nothing of a batch whose work fails part way, so its events can be taken again', async () => {
    const [a, b] = [completed(), completed()];
    await expect(
      inbox.handleBatchOnce('group-2', [entry(a, 1), entry(b, 2)], async ({ event }, manager) => {
        await manager.query(`CREATE TABLE IF NOT EXISTS effects (id uuid PRIMARY KEY)`);
        await manager.query('INSERT INTO effects (id) VALUES ($1)', [event.id]);
        if (event.id === b.id) throw new Error('handler failed');
      }),
    ).rejects.toThrow('handler failed');

    const inboxRows: unknown[] = await dataSource.query(`SELECT 1 FROM inbox WHERE consumer = 'group-2'`);
    expect(inboxRows).toEqual([]);
    const effects: Array<{ exists: string | null }> = await dataSource.query(
      `SELECT to_regclass('effects')::text AS exists`,
    );
    expect(effects[0].exists).toBeNull();

    const outcomes = await inbox.handleBatchOnce(
      'group-2',
      [entry(a, 1), entry(b, 2)],
      async () => undefined,
    );
    expect(outcomes).toEqual(['handled', 'handled']);
  });

  it('records a skipped event so that code which later knows its type still handles it once', async () => {
    const [a, b] = [completed(), completed()];
    expect(
      await inbox.handleOnce('group-3', a, entry(a, 1).position, async () => undefined, {
        record: 'skipped',
      }),
    ).toBe('skipped');
    await inbox.handleBatchOnce('group-3', [{ ...entry(b, 2), skipped: true }], async () => undefined);
    const outcomesOf = async () =>
      (
        await dataSource.query(`SELECT outcome FROM inbox WHERE consumer = 'group-3' ORDER BY kafka_offset`)
      ).map((r: { outcome: string }) => r.outcome);
    expect(await outcomesOf()).toEqual(['skipped', 'skipped']);

    // New code meets the same events again (a replay from the start): each is handled once.
    const worked: string[] = [];
    const work = async ({ event }: { event: EventEnvelope }) => void worked.push(event.id);
    expect(await inbox.handleBatchOnce('group-3', [entry(a, 1), entry(b, 2), entry(a, 1)], work)).toEqual([
      'handled',
      'handled',
      'duplicate',
    ]);
    expect(await inbox.handleBatchOnce('group-3', [entry(a, 1), entry(b, 2)], work)).toEqual([
      'duplicate',
      'duplicate',
    ]);
    expect(
      await inbox.handleOnce('group-3', a, entry(a, 1).position, async () => undefined, {
        record: 'skipped',
      }),
    ).toBe('duplicate');
    expect(worked).toEqual([a.id, b.id]);
    expect(await outcomesOf()).toEqual(['handled', 'handled']);
  });
});
