import { FixedClock, JsonLogger, uuidv7 } from '@chuishao/kernel';
import { messagingMigrations } from '@chuishao/messaging';
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
});
