import { WhistleCompleted } from '@chuishao/contracts';
import { FixedClock, JsonLogger, uuidv7 } from '@chuishao/kernel';
import {
  assertTestDatabase,
  createServiceDataSource,
  initializeServiceDatabase,
  TransactionHost,
} from '@chuishao/persistence';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern } from '@nestjs/microservices';
import { randomBytes } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import type { IncomingRecord, MessageBroker, OutgoingRecord } from '../src/broker/broker';
import { EventFactory } from '../src/event-factory';
import { Inbox } from '../src/inbox/inbox';
import type { MessagingConfig } from '../src/messaging-config';
import { messagingMigrations } from '../src/migrations';
import { connectEventTransport } from '../src/transport/handler-errors';
import { KafkaEventTransport } from '../src/transport/kafka-event-transport';

/** A WhistleCompleted of a new case as the whistles topic delivers it. */
function whistleCompletedRecord(): IncomingRecord {
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
  const value = Buffer.from(JSON.stringify(event));
  return { topic: 'whistles', partition: 0, offset: '0', key: caseId, value, headers: {} };
}

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

    let heartbeats = 0;
    await transport.handleRecord({
      ...whistleCompletedRecord(),
      heartbeat: async () => void (heartbeats += 1),
    });

    expect(failures).toEqual(['55P03', '55P03', '55P03', '55P03']); // twice maxAttempts
    expect(dlq).toEqual([]);
    expect(heartbeats).toBe(4);
    const [row]: Array<{ completions: number }> = await dataSource.query('SELECT completions FROM whistles');
    expect(row.completions).toBe(1);
  });

  it('holds the partition on a deadlock thrown inside a Nest @EventPattern handler, as a service wires it', async () => {
    const dlq: OutgoingRecord[] = [];
    const warnings: string[] = [];
    const transport = new KafkaEventTransport({
      // Nest starts the transport: a consumer that runs nothing (records are handed in below).
      broker: {
        consumer: () => ({ run: async () => undefined, disconnect: async () => undefined }),
      } as unknown as MessageBroker,
      producer: { send: async (records) => void dlq.push(...records), disconnect: async () => undefined },
      inbox: new Inbox(new TransactionHost(dataSource)),
      config: {
        topicPrefix: '',
        consumerGroup: 'sla-timer',
        maxAttempts: 1,
        retryInitialDelayMs: 10,
      } as MessagingConfig,
      clock: new FixedClock('2026-12-02T07:00:00Z'),
      logger: new JsonLogger({ service: 'test', level: 'warn', write: (line) => void warnings.push(line) }),
      prepare: async () => undefined,
    });
    const thrown: string[] = [];
    @Controller()
    class ArrivalsHandler {
      @EventPattern(WhistleCompleted.type)
      handle(): void {
        if (thrown.length < 2) {
          thrown.push('40P01');
          // What TypeORM throws when PostgreSQL picks this transaction as a deadlock's victim.
          throw Object.assign(new Error('deadlock detected'), { name: 'QueryFailedError', code: '40P01' });
        }
      }
    }
    @Module({ controllers: [ArrivalsHandler] })
    class HandlerModule {}
    const app = await NestFactory.create(HandlerModule, { logger: false });
    connectEventTransport(app, transport);
    await app.startAllMicroservices();
    try {
      await transport.handleRecord(whistleCompletedRecord());

      // Twice past its one attempt, and still handled rather than dead-lettered.
      expect(thrown).toEqual(['40P01', '40P01']);
      expect(dlq).toEqual([]);
      expect(warnings.join('\n')).toContain('deadlock detected');
      expect(warnings.join('\n')).not.toContain('[object Object]');
    } finally {
      await app.close();
    }
  });
});
