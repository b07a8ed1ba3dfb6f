import { WhistleCompleted } from '@chuishao/contracts';
import { FixedClock, JsonLogger, uuidv7 } from '@chuishao/kernel';
import {
  assertTestDatabase,
  createServiceDataSource,
  initializeServiceDatabase,
  TransactionHost,
} from '@chuishao/persistence';
import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { KafkajsBroker } from '../src/broker/kafkajs-broker';
import { readTopicToEnd } from '../src/broker/kafkajs-topic-reader';
import { DeadLetterReplay } from '../src/dlq/dead-letter-replay';
import { EventFactory } from '../src/event-factory';
import { Inbox } from '../src/inbox/inbox';
import { loadMessagingConfig } from '../src/messaging-config';
import { messagingMigrations } from '../src/migrations';
import { KafkaEventTransport } from '../src/transport/kafka-event-transport';
import { waitUntil } from './wait-until';

/**
 * A handler that fails on its own dead-letters its event; once the cause is mended, the dead
 * letter is replayed — twice, as an operator might — and its effect happens once (real Kafka and
 * PostgreSQL, the consumer the services use).
 */
describe('dead-letter replay (real Kafka and PostgreSQL)', () => {
  const prefix = `dlq${randomBytes(4).toString('hex')}_`;
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const config = loadMessagingConfig('replaytest', {
    KAFKA_BROKERS: brokers.join(','),
    KAFKA_TOPIC_PREFIX: prefix,
    CONSUMER_MAX_ATTEMPTS: '2',
    CONSUMER_RETRY_DELAY_MS: '10',
  });
  const quiet = new JsonLogger({ service: 'replaytest', level: 'error', write: () => undefined });
  const audit: Array<Record<string, unknown>> = [];
  const auditLogger = new JsonLogger({ service: 'dlq', write: (line) => void audit.push(JSON.parse(line)) });
  const broker = new KafkajsBroker({ brokers, clientId: 'replaytest', logger: quiet });
  const producer = broker.producer();
  const outcomes: string[] = [];
  let dataSource: DataSource;
  let transport: KafkaEventTransport;
  let mended = false;

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: { url, schema: prefix.slice(0, -1), applicationName: 'dlq-replay-test' },
      entities: [],
      migrations: messagingMigrations,
    });
    await initializeServiceDatabase(dataSource);
    await dataSource.query('CREATE TABLE effects (event_id uuid NOT NULL)');
    await broker.ensureTopics(
      [`${prefix}whistles`, `${prefix}whistles.dlq`].map((name) => ({
        name,
        partitions: 1,
        replicationFactor: 1,
      })),
    );
    const transactions = new TransactionHost(dataSource);
    transport = new KafkaEventTransport({
      broker,
      producer,
      inbox: new Inbox(transactions),
      config,
      clock: new FixedClock('2026-12-02T07:00:00Z'),
      logger: quiet,
      prepare: async () => undefined,
      metrics: {
        eventsPublished: () => undefined,
        eventConsumed: (_type, outcome) => void outcomes.push(outcome),
      },
    });
    transport.addHandler(
      WhistleCompleted.type,
      async (event: { id: string }) => {
        if (!mended)
          throw Object.assign(new Error('the arrival it completes is not known'), { code: 'NOT_YET' });
        await transactions.manager.query('INSERT INTO effects (event_id) VALUES ($1)', [event.id]);
      },
      true,
    );
    transport.listen(() => undefined);
  });

  afterAll(async () => {
    await transport?.close();
    await producer.disconnect().catch(() => undefined);
    await broker.disconnect();
    await dataSource?.destroy();
  });

  it('puts a dead letter back through its consumer; replayed twice, its effect happens once', async () => {
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
    await producer.send([
      {
        topic: `${prefix}whistles`,
        key: caseId,
        value: JSON.stringify(event),
        headers: { 'event-id': event.id },
      },
    ]);
    const [deadLetter] = await waitUntil('the event in the DLQ', async () => {
      const records = await readTopicToEnd(brokers, `${prefix}whistles.dlq`);
      return records.length > 0 && records;
    });
    expect(deadLetter.headers['dlq-error-code']).toBe('NOT_YET');
    expect(deadLetter.key).toBe(caseId);

    mended = true;
    const replay = new DeadLetterReplay({
      read: (topic) => readTopicToEnd(brokers, topic),
      producer,
      logger: auditLogger,
      clock: new FixedClock('2026-12-02T07:30:00Z'),
      operator: 'ops-on-duty',
    });
    expect((await replay.replay(`${prefix}whistles`, event.id)).replayed).toHaveLength(1);
    expect((await replay.replay(`${prefix}whistles`)).replayed).toHaveLength(1);

    await waitUntil(
      'both replayed copies consumed',
      async () =>
        outcomes.filter((o) => o === 'handled').length === 1 &&
        outcomes.filter((o) => o === 'duplicate').length === 1,
    );
    const effects: Array<{ n: number }> = await dataSource.query('SELECT count(*)::int AS n FROM effects');
    expect(effects[0].n).toBe(1);
    expect(outcomes.filter((o) => o === 'dead_lettered')).toHaveLength(1);
    const lines = audit.filter((l) => l.msg === 'dead letter replayed');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      audit: 'dlq-replay',
      operator: 'ops-on-duty',
      eventId: event.id,
      errorCode: 'NOT_YET',
    });
  });
});
