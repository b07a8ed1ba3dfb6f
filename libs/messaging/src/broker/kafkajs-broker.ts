import { ConfigResourceTypes, Kafka, logLevel, type Admin } from 'kafkajs';
import type { Logger } from '@chuishao/kernel';
import type { MessageBroker, MessageConsumer, MessageProducer, TopicRetention, TopicSpec } from './broker';
import { KafkajsConsumer, type ClosingFlag } from './kafkajs-consumer';
import { stopIdleRequestQueueLoop } from './kafkajs-idle-loop';
import { kafkajsLogCreator } from './kafkajs-log';
import { KafkajsProducer } from './kafkajs-producer';
import { partitionsBehind } from './kafkajs-positions';

export interface KafkajsBrokerOptions {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

/** How long a service waits at start for its topics to exist and have leaders. */
const TOPICS_LED_TIMEOUT_MS = 30_000;

export class KafkajsBroker implements MessageBroker {
  private readonly kafka: Kafka;
  private admin: Admin | null = null;
  private readonly knownPartitionCounts = new Map<string, number>();

  constructor(private readonly options: KafkajsBrokerOptions) {
    process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
    // Idle connections would otherwise spin a 1 ms timer each (kafkajs-idle-loop.ts).
    if (!stopIdleRequestQueueLoop())
      options.logger.warn('kafkajs is not the version its idle-loop fix was written for; not patched');
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: options.brokers,
      connectionTimeout: 3000,
      requestTimeout: 30000,
      retry: { initialRetryTime: 200, retries: 8, maxRetryTime: 5000 },
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogCreator(options.logger.child('kafkajs')),
    });
  }

  producer(): MessageProducer {
    // Idempotent producer: the broker drops a retried duplicate, and one request in flight keeps
    // per-partition order (SPEC: key = caseId gives per-case order).
    return new KafkajsProducer(
      () =>
        this.kafka.producer({
          idempotent: true,
          maxInFlightRequests: 1,
          allowAutoTopicCreation: false,
          retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 5000 },
        }),
      (topics) => this.partitionCounts(topics),
    );
  }

  consumer(groupId: string, options: { partitionsConsumedConcurrently: number }): MessageConsumer {
    const lifecycle: ClosingFlag = { closing: false };
    const consumer = this.kafka.consumer({
      groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: 30000,
      heartbeatInterval: 3000,
      // After these retries kafkajs restarts the consumer itself, so a broker outage heals — unless
      // we are closing it: a crash during disconnect (a rebalance cut short) must not schedule a
      // restart that outlives the service.
      retry: {
        initialRetryTime: 300,
        retries: 10,
        maxRetryTime: 10000,
        restartOnFailure: async () => !lifecycle.closing,
      },
    });
    return new KafkajsConsumer(
      consumer,
      options.partitionsConsumedConcurrently,
      lifecycle,
      async (assignment) => partitionsBehind(await this.connectedAdmin(), groupId, assignment),
    );
  }

  /**
   * Creates the missing topics, then waits until every partition of every topic given has a
   * leader. Without that wait a service whose peer has just created the topics starts its
   * consumers and producer against partitions still electing, and kafkajs retries (and logs)
   * "not the leader" until the broker catches up.
   */
  async ensureTopics(topics: TopicSpec[]): Promise<void> {
    const admin = await this.connectedAdmin();
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    let creationError: unknown;
    if (missing.length > 0) {
      // Services booting together race to create the same topics; losing that race is success,
      // and a busy broker may answer "does not host this topic-partition" for a topic it has just
      // created: either way, what counts is whether the topics appear, checked below.
      await admin
        .createTopics({
          waitForLeaders: true,
          topics: missing.map((t) => ({
            topic: t.name,
            numPartitions: t.partitions,
            replicationFactor: t.replicationFactor,
          })),
        })
        .catch((error: unknown) => (creationError = error));
    }
    const names = topics.map((t) => t.name);
    if (await this.partitionsLed(admin, names, TOPICS_LED_TIMEOUT_MS)) return;
    throw (
      creationError ??
      new Error(`topics without a leader after ${TOPICS_LED_TIMEOUT_MS} ms: ${names.join(', ')}`)
    );
  }

  /** Polls the topics' metadata until each exists and each of its partitions has a leader. */
  private async partitionsLed(admin: Admin, names: string[], timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const metadata = await admin.fetchTopicMetadata({ topics: names }).catch(() => null);
      const led =
        metadata !== null &&
        names.every((name) => {
          const topic = metadata.topics.find((t) => t.name === name);
          return (
            topic !== undefined && topic.partitions.length > 0 && topic.partitions.every((p) => p.leader >= 0)
          );
        });
      if (led) return true;
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async topicRetention(topics: string[]): Promise<Map<string, TopicRetention>> {
    const admin = await this.connectedAdmin();
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: topics.map((name) => ({
        type: ConfigResourceTypes.TOPIC,
        name,
        configNames: ['retention.ms', 'segment.ms'],
      })),
    });
    const value = (entries: Array<{ configName: string; configValue: string }>, name: string) =>
      Number(entries.find((e) => e.configName === name)?.configValue);
    return new Map(
      resources.map((r) => [
        r.resourceName,
        {
          retentionMs: value(r.configEntries, 'retention.ms'),
          segmentMs: value(r.configEntries, 'segment.ms'),
        },
      ]),
    );
  }

  async ping(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const probe = (async () => {
      const admin = await this.connectedAdmin();
      await admin.describeCluster();
    })();
    try {
      await Promise.race([
        probe,
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
        }),
      ]);
      return true;
    } catch {
      probe.catch(() => undefined);
      await this.dropAdmin();
      return false;
    } finally {
      clearTimeout(timer);
    }
  }

  async disconnect(): Promise<void> {
    await this.dropAdmin();
  }

  /**
   * Each topic's partition count, asked once: topics are created with their count and never
   * grow here (a new count would move keys to other partitions and break per-case order anyway).
   */
  private async partitionCounts(topics: string[]): Promise<Map<string, number>> {
    const missing = topics.filter((topic) => !this.knownPartitionCounts.has(topic));
    if (missing.length > 0) {
      const admin = await this.connectedAdmin();
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: missing });
      for (const topic of metadata) this.knownPartitionCounts.set(topic.name, topic.partitions.length);
    }
    return this.knownPartitionCounts;
  }

  private async connectedAdmin(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin({ retry: { retries: 2, initialRetryTime: 200 } });
      await admin.connect();
      this.admin = admin;
    }
    return this.admin;
  }

  private async dropAdmin(): Promise<void> {
    const admin = this.admin;
    this.admin = null;
    await admin?.disconnect().catch(() => undefined);
  }
}
