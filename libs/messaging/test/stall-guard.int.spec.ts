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
import type { MessageBroker, MessageConsumer } from '../src/broker/broker';
import { KafkajsBroker } from '../src/broker/kafkajs-broker';
import { EventFactory } from '../src/event-factory';
import { Inbox } from '../src/inbox/inbox';
import { loadMessagingConfig } from '../src/messaging-config';
import { messagingMigrations } from '../src/migrations';
import { KafkaEventTransport } from '../src/transport/kafka-event-transport';
import { waitUntil } from './wait-until';

/**
 * A consumer whose fetch loop stops handing batches over while its partition lags is replaced, and
 * the events are handled; one whose handler holds a batch on purpose is left alone (real Kafka and
 * PostgreSQL, the consumer the services use).
 */
describe('the consumer stall guard (real Kafka and PostgreSQL)', () => {
  const prefix = `stall${randomBytes(4).toString('hex')}_`;
  const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
  const quiet = new JsonLogger({ service: 'stalltest', level: 'error', write: () => undefined });
  const kafka = new KafkajsBroker({ brokers, clientId: 'stalltest', logger: quiet });
  const producer = kafka.producer();
  let dataSource: DataSource;

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: { url, schema: prefix.slice(0, -1), applicationName: 'stall-guard-test' },
      entities: [],
      migrations: messagingMigrations,
    });
    await initializeServiceDatabase(dataSource);
    await kafka.ensureTopics(
      ['a', 'b'].map((group) => ({
        name: `${prefix}${group}_whistles`,
        partitions: 1,
        replicationFactor: 1,
      })),
    );
  });

  afterAll(async () => {
    await producer.disconnect().catch(() => undefined);
    await kafka.disconnect();
    await dataSource?.destroy();
  });

  /**
   * The real broker, except that the consumers it makes while `stuck` drop every batch before the
   * transport sees it, as a fetch loop that stopped would, and never say they have disconnected
   * (kafkajs waits for the stopped loop), though they leave the group; and it counts the guard's
   * looks.
   */
  function brokerWith(state: { stuck: boolean; dropped: number; looks: number }): MessageBroker {
    return {
      ...bound(kafka),
      consumer: (groupId, options): MessageConsumer => {
        const inner = kafka.consumer(groupId, options);
        const dropping = state.stuck;
        return {
          run: (topics, handle, observer) =>
            inner.run(
              topics,
              async (batch) => (dropping ? void (state.dropped += 1) : handle(batch)),
              observer,
            ),
          partitionsBehind: () => {
            state.looks += 1;
            return inner.partitionsBehind();
          },
          disconnect: () => (dropping ? hangsAfter(inner.disconnect()) : inner.disconnect()),
        };
      },
    };
  }

  function transportOver(group: string, broker: MessageBroker, handle: (id: string) => Promise<void>) {
    const config = loadMessagingConfig(`stall${group}`, {
      KAFKA_BROKERS: brokers.join(','),
      KAFKA_TOPIC_PREFIX: `${prefix}${group}_`,
      CONSUMER_STALL_CHECK_MS: '300',
    });
    const restarts: string[] = [];
    const transport = new KafkaEventTransport({
      broker,
      producer,
      inbox: new Inbox(new TransactionHost(dataSource)),
      config,
      clock: new FixedClock('2026-12-06T07:00:00Z'),
      logger: quiet,
      prepare: async () => undefined,
      metrics: {
        eventsPublished: () => undefined,
        eventConsumed: () => undefined,
        consumerRestarted: (reason) => void restarts.push(reason),
      },
    });
    transport.addHandler(WhistleCompleted.type, async (event: { id: string }) => handle(event.id), true);
    return { transport, restarts };
  }

  async function send(group: string, count: number): Promise<string[]> {
    const factory = new EventFactory(new FixedClock('2026-12-06T07:00:00Z'));
    const sent = Array.from({ length: count }, () => {
      const caseId = uuidv7();
      const event = factory.build(
        WhistleCompleted,
        caseId,
        { actor: { role: 'system', id: 'dispatch' }, correlationId: caseId },
        {
          whistleId: uuidv7(),
          completedAt: '2026-12-06T07:00:00.000Z',
          arrivals: [{ summonsId: uuidv7(), departmentId: 'traffic', arrivedAt: '2026-12-06T06:59:00.000Z' }],
        },
      );
      return { caseId, event };
    });
    await producer.send(
      sent.map(({ caseId, event }) => ({
        topic: `${prefix}${group}_whistles`,
        key: caseId,
        value: JSON.stringify(event),
        headers: { 'event-id': event.id },
      })),
    );
    return sent.map(({ event }) => event.id);
  }

  it('replaces a consumer that hands nothing over while its partition lags, and the events are handled', async () => {
    const state = { stuck: true, dropped: 0, looks: 0 };
    const handled = new Set<string>();
    const { transport, restarts } = transportOver('a', brokerWith(state), async (id) => void handled.add(id));
    transport.listen(() => undefined);
    try {
      const ids = await send('a', 3);
      await waitUntil('the stuck consumer to have dropped a fetched batch', async () => state.dropped > 0);
      state.stuck = false; // the consumer made by the restart hands batches over
      await waitUntil('every event handled after the restart', async () =>
        ids.every((id) => handled.has(id)),
      );
      expect(restarts).toEqual(['stalled']);
    } finally {
      await transport.close();
    }
  });

  it('leaves alone a consumer whose handler holds a batch, however long its partition lags', async () => {
    const state = { stuck: false, dropped: 0, looks: 0 };
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const handled = new Set<string>();
    const { transport, restarts } = transportOver('b', brokerWith(state), async (id) => {
      await held;
      handled.add(id);
    });
    transport.listen(() => undefined);
    try {
      const ids = await send('b', 3);
      await waitUntil(
        'the guard to have looked five times while the handler holds',
        async () => state.looks >= 5,
      );
      expect(restarts).toEqual([]);
      release();
      await waitUntil('every event handled once released', async () => ids.every((id) => handled.has(id)));
    } finally {
      release();
      await transport.close();
    }
  });
});

/** The broker's methods bound to it, to spread into a wrapper. */
function bound(broker: KafkajsBroker): MessageBroker {
  return {
    producer: () => broker.producer(),
    consumer: (groupId, options) => broker.consumer(groupId, options),
    ensureTopics: (topics) => broker.ensureTopics(topics),
    topicRetention: (topics) => broker.topicRetention(topics),
    ping: (timeoutMs) => broker.ping(timeoutMs),
    disconnect: () => broker.disconnect(),
  };
}

/** A promise that never settles, once `work` is done. */
function hangsAfter(work: Promise<void>): Promise<void> {
  return work.then(() => new Promise<void>(() => undefined));
}
