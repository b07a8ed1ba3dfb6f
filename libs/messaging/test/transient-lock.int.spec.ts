import { WhistleCompleted } from '@chuishao/contracts';
import { FixedClock, JsonLogger, uuidv7 } from '@chuishao/kernel';
import {
  assertTestDatabase,
  createServiceDataSource,
  initializeServiceDatabase,
  TransactionHost,
} from '@chuishao/persistence';
import { randomBytes } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { MessageBroker, OutgoingRecord } from '../src/broker/broker';
import { EventFactory } from '../src/event-factory';
import { Inbox } from '../src/inbox/inbox';
import type { MessagingConfig } from '../src/messaging-config';
import { messagingMigrations } from '../src/migrations';
import { KafkaEventTransport } from '../src/transport/kafka-event-transport';

/**
 * A lock_timeout (55P03) behind a row lock another transaction holds is the database being busy,
 * not the event being bad: the consumer holds the partition and retries past its attempts, and
 * handles the event once the lock is released — nothing dead-lettered (real PostgreSQL).
 */
describe('a transient database error holds the partition (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let holder: QueryRunner;

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: { url, schema: `lock${randomBytes(4).toString('hex')}`, applicationName: 'lock-test' },
      entities: [],
      migrations: messagingMigrations,
    });
    await initializeServiceDatabase(dataSource);
    await dataSource.query(`CREATE TABLE whistles (id int PRIMARY KEY, completions int NOT NULL DEFAULT 0)`);
    await dataSource.query(`INSERT INTO whistles (id) VALUES (1)`);
  });

  afterAll(async () => {
    await holder?.release().catch(() => undefined);
    await dataSource?.destroy();
  });

  it('retries a lock_timeout past its attempts without dead-lettering, then handles the event once', async () => {
    const transactions = new TransactionHost(dataSource);
    const dlq: OutgoingRecord[] = [];
    const transport = new KafkaEventTransport({
      broker: {} as MessageBroker,
      producer: { send: async (records) => void dlq.push(...records), disconnect: async () => undefined },
      inbox: new Inbox(transactions),
      config: {
        topicPrefix: '',
        consumerGroup: 'dispatch',
        maxAttempts: 2,
        retryInitialDelayMs: 20,
      } as MessagingConfig,
      clock: new FixedClock('2026-12-02T07:00:00Z'),
      logger: new JsonLogger({ service: 'test', level: 'error', write: () => undefined }),
      prepare: async () => undefined,
    });
    const failures: string[] = [];
    transport.addHandler(
      WhistleCompleted.type,
      async () => {
        try {
          await transactions.manager.query(`SET LOCAL lock_timeout = '50ms'`);
          await transactions.manager.query('UPDATE whistles SET completions = completions + 1 WHERE id = 1');
        } catch (error) {
          failures.push((error as { code?: string }).code ?? 'none');
          if (failures.length === 4) await holder.commitTransaction(); // the other transaction ends
          throw error;
        }
      },
      true,
    );

    // Another transaction holds the row the handler must update.
    holder = dataSource.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query('SELECT * FROM whistles WHERE id = 1 FOR UPDATE');

    const caseId = uuidv7();
    const event = new EventFactory(new FixedClock('2026-12-02T07:00:00Z')).build(
      WhistleCompleted,
      caseId,
      { actor: { role: 'system', id: 'dispatch' }, correlationId: caseId },
      {
        whistleId: uuidv7(),
        completedAt: '2026-12-02T07:00:00.000Z',
        arrivals: [{ summonsId: uuidv7(), departmentId: 'traffic', arrivedAt: '2026-12-02T06:59:00.000Z' }],
      },
    );
    let heartbeats = 0;
    await transport.handleRecord({
      topic: 'whistles',
      partition: 0,
      offset: '0',
      key: caseId,
      value: Buffer.from(JSON.stringify(event)),
      headers: {},
      heartbeat: async () => void (heartbeats += 1),
    });

    expect(failures).toEqual(['55P03', '55P03', '55P03', '55P03']); // twice maxAttempts
    expect(dlq).toEqual([]);
    expect(heartbeats).toBe(4);
    const [row]: Array<{ completions: number }> = await dataSource.query('SELECT completions FROM whistles');
    expect(row.completions).toBe(1);
  });
});
