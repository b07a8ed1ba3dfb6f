import { DepartmentArrived, type EventEnvelope } from '@chuishao/contracts';
import { FixedClock, JsonLogger, uuidv7 } from '@chuishao/kernel';
import {
  assertTestDatabase,
  createServiceDataSource,
  initializeServiceDatabase,
  SentStatements,
} from '@chuishao/persistence';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { MessageProducer, OutgoingRecord } from '../src/broker/broker';
import { KafkajsBroker } from '../src/broker/kafkajs-broker';
import { EventFactory } from '../src/event-factory';
import { messagingMigrations } from '../src/migrations';
import { OutboxRelay } from '../src/outbox/outbox-relay';
import { OutboxWriter } from '../src/outbox/outbox-writer';
import { waitUntil } from './wait-until';

/**
 * The relay against real PostgreSQL (and, for a refusal, real Kafka): rows go out in commit order
 * even when an earlier transaction commits last, batches are bounded by bytes, and a row Kafka
 * refuses for good is set aside while the rest go on.
 */
describe('outbox relay (real PostgreSQL)', () => {
  const prefix = `relay${randomBytes(4).toString('hex')}_`;
  const events = new EventFactory(new FixedClock('2026-12-02T07:00:00Z'));
  const writer = new OutboxWriter({ topicPrefix: prefix });
  const logs: Array<{ level: string; msg: string }> = [];
  const logger = new JsonLogger({ service: 'relay-test', write: (line) => void logs.push(JSON.parse(line)) });
  const caseId = uuidv7();
  let dataSource: DataSource;

  const arrived = (note: string | null = null): EventEnvelope =>
    events.build(
      DepartmentArrived,
      caseId,
      { actor: { role: 'liaison', id: 'liaison-1' }, correlationId: caseId },
      {
        summonsId: uuidv7(),
        whistleId: uuidv7(),
        departmentId: 'traffic',
        arrivedAt: '2026-12-02T07:00:00.000Z',
        note,
        location: null,
      },
    );

  const capturing = () => {
    const sends: OutgoingRecord[][] = [];
    const producer: MessageProducer = {
      send: async (records) => void sends.push(records),
      disconnect: async () => undefined,
    };
    return { sends, producer };
  };
  const relayOver = (producer: MessageProducer, batchBytes?: number, setAside: string[] = []) =>
    new OutboxRelay(
      dataSource,
      producer,
      {
        pollIntervalMs: 1000,
        batchSize: 200,
        batchBytes,
        metrics: {
          eventsPublished: () => undefined,
          eventConsumed: () => undefined,
          eventSetAside: (type) => void setAside.push(type),
        },
      },
      logger,
    );
  /**
   * Passes until nothing is left to publish. Another transaction anywhere on the server (other
   * tests) may hold rows back for a moment, so "nothing sent" is not "nothing left".
   */
  const drainAll = (relay: OutboxRelay) =>
    waitUntil('the outbox drained', async () => {
      while ((await relay.drainOnce()) > 0);
      return (await relay.backlog()) === 0;
    });
  const idsOf = (records: OutgoingRecord[]) =>
    records.map((r) => (JSON.parse(String(r.value)) as { id: string }).id);

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: { url, schema: prefix.slice(0, -1), applicationName: 'relay-test' },
      entities: [],
      migrations: messagingMigrations,
    });
    await initializeServiceDatabase(dataSource);
  });

  afterEach(async () => {
    await dataSource.query('DELETE FROM outbox');
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('publishes in commit order: a later transaction waits for an earlier one still open', async () => {
    const [first, second] = [arrived(), arrived()];
    const earlier = dataSource.createQueryRunner();
    await earlier.connect();
    await earlier.startTransaction();
    await writer.append(earlier.manager, [first]); // takes its transaction id first…
    await dataSource.transaction((manager) => writer.append(manager, [second])); // …commits second
    const { sends, producer } = capturing();
    const relay = relayOver(producer);
    try {
      expect(await relay.drainOnce()).toBe(0); // the later row must not overtake the earlier one
      expect(sends).toEqual([]);
      expect(relay.rowsHeldBack).toBe(true); // so the loop looks again in 50 ms, not at the poll
      await earlier.commitTransaction();
    } finally {
      await earlier.release();
    }
    await drainAll(relay);
    expect(sends.flatMap(idsOf)).toEqual([first.id, second.id]);
    expect(relay.rowsHeldBack).toBe(false);
  });

  it("is not held back by another role's open transaction, which cannot write this outbox", async () => {
    // Another service: its own role, a transaction with an id older than the row's, left open.
    const otherRole = `${prefix}other`;
    await dataSource.query(`CREATE ROLE "${otherRole}" LOGIN PASSWORD 'relay-test'`);
    const url = new URL(process.env.DATABASE_URL!);
    Object.assign(url, { username: otherRole, password: 'relay-test' });
    const other = new Client({ connectionString: url.toString() });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('SELECT pg_current_xact_id()');
      const row = arrived();
      await dataSource.transaction((manager) => writer.append(manager, [row]));
      const { sends, producer } = capturing();
      const relay = relayOver(producer);
      await drainAll(relay);
      expect(sends.flatMap(idsOf)).toEqual([row.id]);
      const [{ open }] = await dataSource.query(
        `SELECT count(*)::int AS open FROM pg_stat_activity WHERE usename = $1 AND backend_xid IS NOT NULL`,
        [otherRole],
      );
      expect(open).toBe(1); // it was published while the other transaction was still open
    } finally {
      await other.end();
      await dataSource.query(`DROP ROLE "${otherRole}"`);
    }
  });

  it('sends nothing while another pass holds the lock, and a pass of its own is four statements', async () => {
    const row = arrived();
    await dataSource.transaction((manager) => writer.append(manager, [row]));
    const { sends, producer } = capturing();
    const relay = relayOver(producer);
    const other = dataSource.createQueryRunner(); // another replica's relay, mid-pass
    await other.connect();
    await other.startTransaction();
    try {
      await other.query(`SELECT pg_advisory_xact_lock(hashtext(current_schema() || ':outbox-relay'))`);
      expect(await relay.drainOnce()).toBe(0);
      expect(sends).toEqual([]);
      await other.commitTransaction();
    } finally {
      await other.release();
    }
    const statements = new SentStatements();
    statements.install();
    try {
      const { answer, sent } = await statements.answerAndSent(() => relay.drainOnce());
      expect(answer).toBe(1);
      // BEGIN, the lock with the rows, the mark, COMMIT.
      expect(sent.map((sql) => sql.trim().split(/\s/)[0])).toEqual(['START', 'WITH', 'UPDATE', 'COMMIT']);
    } finally {
      statements.uninstall();
    }
    expect(sends.flatMap(idsOf)).toEqual([row.id]);
  });

  it('running, it goes round at once while its batches come back full, not at the poll', async () => {
    const rows = Array.from({ length: 5 }, () => arrived());
    await dataSource.transaction((manager) => writer.append(manager, rows));
    const { sends, producer } = capturing();
    // A poll of a minute: only going round at once publishes all five within the wait's deadline.
    const relay = new OutboxRelay(dataSource, producer, { pollIntervalMs: 60_000, batchSize: 2 }, logger);
    relay.start();
    try {
      await waitUntil('five rows published in batches of two', async () => sends.flat().length === 5, 10_000);
    } finally {
      await relay.stop();
    }
    expect(sends.map(idsOf)).toEqual([[rows[0].id, rows[1].id], [rows[2].id, rows[3].id], [rows[4].id]]);
  });

  it('bounds a batch by bytes, sending a row larger than the bound alone', async () => {
    const rows = [arrived('a'.repeat(3000)), arrived('b'.repeat(3000)), arrived('c'.repeat(9000)), arrived()];
    await dataSource.transaction((manager) => writer.append(manager, rows));
    const { sends, producer } = capturing();
    const relay = relayOver(producer, 8000);
    await drainAll(relay);
    expect(sends.map(idsOf)).toEqual([[rows[0].id, rows[1].id], [rows[2].id], [rows[3].id]]);
    for (const batch of sends.slice(0, 1))
      expect(batch.reduce((n, r) => n + Buffer.byteLength(String(r.value)), 0)).toBeLessThanOrEqual(8000);
  });

  it('sets aside an event Kafka refuses as too large, with an alert, and publishes the rest (real Kafka)', async () => {
    const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
    const broker = new KafkajsBroker({ brokers, clientId: 'relay-test', logger });
    await broker.ensureTopics([
      { name: `${prefix}department-responses`, partitions: 1, replicationFactor: 1 },
    ]);
    const producer = broker.producer();
    const setAside: string[] = [];
    // A 200-party case's worth of text: over Kafka's 1 MiB message limit.
    const rows = [arrived(), arrived('x'.repeat(1_500_000)), arrived()];
    await dataSource.transaction((manager) => writer.append(manager, rows));
    const relay = relayOver(producer, undefined, setAside);
    try {
      await drainAll(relay);
    } finally {
      await producer.disconnect();
      await broker.disconnect();
    }
    const state: Array<{ event_id: string; published: boolean; set_aside: boolean; last_error: string }> =
      await dataSource.query(
        `SELECT event_id, published_at IS NOT NULL AS published, set_aside_at IS NOT NULL AS set_aside, last_error
         FROM outbox ORDER BY seq`,
      );
    expect(state.map((r) => [r.event_id, r.published, r.set_aside])).toEqual([
      [rows[0].id, true, false],
      [rows[1].id, false, true],
      [rows[2].id, true, false],
    ]);
    expect(state[1].last_error).toMatch(/larger than the max message size/);
    expect(setAside).toEqual(['DepartmentArrived']);
    expect(logs.some((l) => l.level === 'error' && /refuses this event for good/.test(l.msg))).toBe(true);
  });
});
