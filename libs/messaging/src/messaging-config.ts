export interface MessagingConfig {
  brokers: string[];
  clientId: string;
  /** Consumer group of this service: replicas share it and split the partitions. */
  consumerGroup: string;
  /** Prepended to every topic and to the consumer group, so test runs never see each other. */
  topicPrefix: string;
  partitions: number;
  /**
   * -1 (the default) takes the broker's default.replication.factor, which the launcher sets from the
   * cluster's size: 1 on one broker, 3 on a cluster of three (with min.insync.replicas 2).
   */
  replicationFactor: number;
  /** Handler attempts before a message goes to the dead-letter topic. */
  maxAttempts: number;
  retryInitialDelayMs: number;
  /** Partitions handled in parallel by one instance (order within a partition is kept). */
  partitionsConsumedConcurrently: number;
  /**
   * Most events of one partition handled in one transaction. Larger batches pay the fixed cost
   * of a transaction less often but hold its locks longer.
   */
  consumerBatchSize: number;
  relayPollIntervalMs: number;
  relayBatchSize: number;
  /** Most bytes of event values the relay sends at once: under Kafka's request and batch limits. */
  relayBatchBytes: number;
}

function intFrom(value: string | undefined, fallback: number): number {
  const parsed = value === undefined || value === '' ? NaN : Number(value);
  return Number.isInteger(parsed) && parsed > 0 ? parsed : fallback;
}

export function loadMessagingConfig(service: string, env: NodeJS.ProcessEnv = process.env): MessagingConfig {
  const topicPrefix = env.KAFKA_TOPIC_PREFIX ?? '';
  return {
    brokers: (env.KAFKA_BROKERS ?? '127.0.0.1:9092')
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
    clientId: env.KAFKA_CLIENT_ID ?? `chuishao-${service}`,
    consumerGroup: `${topicPrefix}${env.KAFKA_CONSUMER_GROUP ?? service}`,
    topicPrefix,
    partitions: intFrom(env.KAFKA_PARTITIONS, 6),
    replicationFactor: intFrom(env.KAFKA_REPLICATION_FACTOR, -1),
    maxAttempts: intFrom(env.CONSUMER_MAX_ATTEMPTS, 5),
    retryInitialDelayMs: intFrom(env.CONSUMER_RETRY_DELAY_MS, 200),
    partitionsConsumedConcurrently: intFrom(env.CONSUMER_CONCURRENCY, 3),
    consumerBatchSize: intFrom(env.CONSUMER_BATCH_SIZE, 50),
    // A fallback: the relay is nudged when a transaction that wrote to the outbox commits. A
    // short poll kept eight idle services busy for a few percent of a core each.
    relayPollIntervalMs: intFrom(env.OUTBOX_POLL_INTERVAL_MS, 1000),
    relayBatchSize: intFrom(env.OUTBOX_BATCH_SIZE, 200),
    relayBatchBytes: intFrom(env.OUTBOX_BATCH_BYTES, 900_000),
  };
}
