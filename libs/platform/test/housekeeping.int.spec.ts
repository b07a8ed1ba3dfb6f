import { FixedClock, JsonLogger, uuidv7 } from '@chuishao/kernel';
import { InboxRetention, KafkajsBroker, messagingMigrations } from '@chuishao/messaging';
import { Kafka, logLevel } from 'kafkajs';
import {
  assertTestDatabase,
  createServiceDataSource,
  initializeServiceDatabase,
} from '@chuishao/persistence';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { Housekeeping } from '../src/housekeeping';
import { IdempotencyKeys1732400000001, IdempotencyKeysPerCaller1732400000003 } from '../src/http/idempotency';

describe('housekeeping (real PostgreSQL)', () => {
  let dataSource: DataSource;
  const clock = new FixedClock('2026-11-24T12:00:00Z');
  const hoursAgo = (h: number) => new Date(clock.now().getTime() - h * 3_600_000).toISOString();

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: {
        url,
        schema: `housekeeping${randomBytes(4).toString('hex')}`,
        applicationName: 'housekeeping-test',
      },
      entities: [],
      migrations: [
        ...messagingMigrations,
        IdempotencyKeys1732400000001,
        IdempotencyKeysPerCaller1732400000003,
      ],
    });
    await initializeServiceDatabase(dataSource);
  });
  afterAll(async () => dataSource?.destroy());

  async function outboxRow(label: string, publishedHoursAgo: number | null, createdHoursAgo = 1000) {
    await dataSource.query(
      `INSERT INTO outbox (event_id, topic, message_key, event_type, envelope, created_at, published_at)
       VALUES ($1, 'cases', $2, 'CaseRegistered', '{}', $3, $4)`,
      [
        uuidv7(),
        label,
        hoursAgo(createdHoursAgo),
        publishedHoursAgo === null ? null : hoursAgo(publishedHoursAgo),
      ],
    );
  }

  it('removes published outbox rows, old inbox rows and expired keys; keeps everything else', async () => {
    await outboxRow('published-long-ago', 100);
    await outboxRow('published-recently', 1);
    await outboxRow('never-published', null); // waiting for Kafka: must never be deleted
    for (const [label, age] of [
      ['old', 24 * 30],
      ['fresh', 1],
    ] as const) {
      await dataSource.query(
        `INSERT INTO inbox (consumer, event_id, event_type, topic, kafka_partition, kafka_offset, handled_at)
         VALUES ($1, $2, 'CaseRegistered', 'cases', 0, 0, $3)`,
        [label, uuidv7(), hoursAgo(age)],
      );
      await dataSource.query(
        `INSERT INTO idempotency_keys (idempotency_key, caller, method, path, request_hash, created_at)
         VALUES ($1, 'clerk:c1', 'POST', '/cases', 'h', $2)`,
        [label, hoursAgo(age === 1 ? 1 : 48)],
      );
    }

    const housekeeping = new Housekeeping(
      dataSource,
      clock,
      new JsonLogger({ service: 'test', write: () => undefined }),
      {
        outboxHours: 72,
        inboxDays: 14,
        idempotencyHours: 24,
        intervalMinutes: 10,
      },
    );
    expect(await housekeeping.sweep()).toEqual({ outbox: 1, inbox: 1, idempotencyKeys: 1 });

    const keys = (rows: Array<Record<string, string>>, column: string) => rows.map((r) => r[column]).sort();
    expect(keys(await dataSource.query('SELECT message_key FROM outbox'), 'message_key')).toEqual([
      'never-published',
      'published-recently',
    ]);
    expect(keys(await dataSource.query('SELECT consumer FROM inbox'), 'consumer')).toEqual(['fresh']);
    expect(
      keys(await dataSource.query('SELECT idempotency_key FROM idempotency_keys'), 'idempotency_key'),
    ).toEqual(['fresh']);
    expect(await housekeeping.sweep()).toEqual({ outbox: 0, inbox: 0, idempotencyKeys: 0 });
  });

  it('keeps inbox rows as long as their topic keeps messages (real Kafka), and forever for a topic without end', async () => {
    const day = 86_400_000;
    const prefix = `hk${randomBytes(4).toString('hex')}_`;
    const [forever, month] = [`${prefix}mediation`, `${prefix}judicial`];
    const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
    const admin = new Kafka({ brokers, logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: forever, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] },
        {
          topic: month,
          numPartitions: 1,
          configEntries: [
            { name: 'retention.ms', value: String(20 * day) },
            { name: 'segment.ms', value: String(day) },
          ],
        },
      ],
    });
    await admin.disconnect();
    await dataSource.query('DELETE FROM inbox');
    const rows: Array<[string, string, number]> = [
      ['forever-old', forever, 400],
      ['month-older-than-retention', month, 22],
      ['month-within-retention', month, 18], // the 14-day policy alone would delete it
      ['month-fresh', month, 1],
    ];
    for (const [label, topic, days] of rows)
      await dataSource.query(
        `INSERT INTO inbox (consumer, event_id, event_type, topic, kafka_partition, kafka_offset, handled_at)
         VALUES ($1, $2, 'CaseRegistered', $3, 0, 0, $4)`,
        [label, uuidv7(), topic, hoursAgo(days * 24)],
      );
    const logger = new JsonLogger({ service: 'test', write: () => undefined });
    const broker = new KafkajsBroker({ brokers, clientId: 'housekeeping-test', logger });
    const retention = new InboxRetention(broker, logger);
    try {
      await retention.learn([forever, month]);
    } finally {
      await broker.disconnect();
    }
    const housekeeping = new Housekeeping(
      dataSource,
      clock,
      logger,
      { outboxHours: 72, inboxDays: 14, idempotencyHours: 24, intervalMinutes: 10 },
      retention,
    );
    expect((await housekeeping.sweep()).inbox).toBe(1);
    const left: Array<{ consumer: string }> = await dataSource.query(
      'SELECT consumer FROM inbox ORDER BY consumer',
    );
    expect(left.map((r) => r.consumer)).toEqual(['forever-old', 'month-fresh', 'month-within-retention']);
  });
});
