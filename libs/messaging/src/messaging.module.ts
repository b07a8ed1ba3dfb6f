import {
  Global,
  Inject,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { DataSource } from 'typeorm';
import type { MessageBroker, MessageProducer } from './broker/broker';
import { KafkajsBroker } from './broker/kafkajs-broker';
import { EventFactory } from './event-factory';
import { CommandHandler } from './command-handler';
import { Inbox } from './inbox/inbox';
import { InboxRetention } from './inbox/inbox-retention';
import type { MessagingConfig } from './messaging-config';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxWriter } from './outbox/outbox-writer';
import { Topology } from './topology';
import { KafkaEventTransport } from './transport/kafka-event-transport';
import { MESSAGING_METRICS, type MessagingMetrics } from './messaging-metrics';

export const MESSAGING_CONFIG = Symbol.for('chuishao.MessagingConfig');
export const MESSAGE_BROKER = Symbol.for('chuishao.MessageBroker');
export const MESSAGE_PRODUCER = Symbol.for('chuishao.MessageProducer');

/** Starts the relay when the app is up and drains it before the app goes down. */
class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(MESSAGE_PRODUCER) private readonly producer: MessageProducer,
    @Inject(MESSAGE_BROKER) private readonly broker: MessageBroker,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay.stop();
    await this.producer.disconnect().catch(() => undefined);
    await this.broker.disconnect().catch(() => undefined);
  }
}

/**
 * Kafka wiring for a service: outbox writer and relay, inbox, event factory, topic set-up.
 * Needs TransactionHost, DataSource, CLOCK and LOGGER from the platform module.
 */
@Global()
@Module({})
export class MessagingModule {
  static forRoot(config: MessagingConfig): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_CONFIG, useValue: config },
        {
          provide: MESSAGE_BROKER,
          useFactory: (logger: Logger) =>
            new KafkajsBroker({ brokers: config.brokers, clientId: config.clientId, logger }),
          inject: [LOGGER],
        },
        {
          provide: MESSAGE_PRODUCER,
          useFactory: (broker: MessageBroker) => broker.producer(),
          inject: [MESSAGE_BROKER],
        },
        {
          provide: Topology,
          useFactory: (broker: MessageBroker) => new Topology(broker, config),
          inject: [MESSAGE_BROKER],
        },
        {
          provide: OutboxWriter,
          // Publish on commit: the relay is nudged once the appending transaction commits.
          useFactory: (transactions: TransactionHost, relay: OutboxRelay) =>
            new OutboxWriter(config, () => transactions.afterCommit(() => relay.nudge())),
          inject: [TransactionHost, OutboxRelay],
        },
        {
          provide: OutboxRelay,
          useFactory: (
            dataSource: DataSource,
            producer: MessageProducer,
            topology: Topology,
            logger: Logger,
            metrics: MessagingMetrics | undefined,
          ) =>
            new OutboxRelay(
              dataSource,
              producer,
              {
                pollIntervalMs: config.relayPollIntervalMs,
                batchSize: config.relayBatchSize,
                batchBytes: config.relayBatchBytes,
                beforeFirstPublish: () => topology.ensure(),
                metrics,
              },
              logger.child('outbox-relay'),
            ),
          inject: [
            DataSource,
            MESSAGE_PRODUCER,
            Topology,
            LOGGER,
            { token: MESSAGING_METRICS, optional: true },
          ],
        },
        {
          provide: Inbox,
          useFactory: (tx: TransactionHost) => new Inbox(tx),
          inject: [TransactionHost],
        },
        {
          provide: InboxRetention,
          useFactory: (broker: MessageBroker, logger: Logger) =>
            new InboxRetention(broker, logger.child('inbox-retention')),
          inject: [MESSAGE_BROKER, LOGGER],
        },
        { provide: EventFactory, useFactory: (clock: Clock) => new EventFactory(clock), inject: [CLOCK] },
        {
          provide: CommandHandler,
          useFactory: (tx: TransactionHost, outbox: OutboxWriter) => new CommandHandler(tx, outbox),
          inject: [TransactionHost, OutboxWriter],
        },
        MessagingLifecycle,
      ],
      exports: [
        MESSAGING_CONFIG,
        MESSAGE_BROKER,
        MESSAGE_PRODUCER,
        Topology,
        OutboxWriter,
        OutboxRelay,
        Inbox,
        InboxRetention,
        EventFactory,
        CommandHandler,
      ],
    };
  }
}

/** The Nest transport for `app.connectMicroservice({ strategy })`, built from the app's providers. */
export function createEventTransport(app: { get<T>(token: unknown): T }): KafkaEventTransport {
  let metrics: MessagingMetrics | undefined;
  try {
    metrics = app.get<MessagingMetrics>(MESSAGING_METRICS);
  } catch {
    metrics = undefined; // an app without metrics still consumes
  }
  const topology = app.get<Topology>(Topology);
  return new KafkaEventTransport({
    broker: app.get<MessageBroker>(MESSAGE_BROKER),
    producer: app.get<MessageProducer>(MESSAGE_PRODUCER),
    inbox: app.get<Inbox>(Inbox),
    config: app.get<MessagingConfig>(MESSAGING_CONFIG),
    clock: app.get<Clock>(CLOCK),
    logger: app.get<Logger>(LOGGER).child('consumer'),
    prepare: () => topology.ensure(),
    learnRetention: (topics) => app.get<InboxRetention>(InboxRetention).learn(topics),
    metrics,
  });
}
