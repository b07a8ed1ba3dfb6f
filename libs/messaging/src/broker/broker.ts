/**
 * The only view of Kafka that the rest of the code has. kafkajs lives behind it
 * (kafkajs-broker.ts), so replacing the client touches one file, not the services.
 */
export interface OutgoingRecord {
  topic: string;
  /** Null only when copying a message that had none (a dead letter keeps what it had). */
  key: string | null;
  /** Bytes are sent as they are: a dead letter is the original message, not a re-encoding. */
  value: string | Buffer | null;
  headers: Record<string, string>;
}

export interface IncomingRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
  /** Tells the group this consumer is alive while it holds a record for long (an outage). */
  heartbeat?: () => Promise<void>;
}

export interface MessageProducer {
  /** Resolves once every record is acknowledged by all in-sync replicas (acks = -1). */
  send(records: OutgoingRecord[]): Promise<void>;
  disconnect(): Promise<void>;
}

export interface ConsumerObserver {
  /** After each fetched batch of a partition: how many messages remain behind its end. */
  onLag?(topic: string, partition: number, lag: number): void;
}

/**
 * What one fetch of one partition brought: records in offset order. The handler marks records
 * done with `resolve`; only resolved offsets are committed, so whatever it has not resolved when
 * it returns or throws is delivered again.
 */
export interface IncomingBatch {
  topic: string;
  partition: number;
  records: IncomingRecord[];
  /** This record and every one before it are done: their offsets may be committed. */
  resolve(record: IncomingRecord): void;
  heartbeat(): Promise<void>;
  /** False once the consumer stops or the partition was taken away (a rebalance): stop early. */
  isActive(): boolean;
}

/** One of a consumer's own partitions whose committed position is behind the end of its log. */
export interface PartitionBehind {
  topic: string;
  partition: number;
  /** Where the group resumes: its committed offset, or the log's start if it has none or it is gone. */
  position: string;
  /** The log's end (high watermark). */
  end: string;
}

export interface MessageConsumer {
  /**
   * Hands over records a batch per partition, in order, several partitions at once; a batch's
   * next fetch waits for its handler.
   */
  run(
    topics: string[],
    handle: (batch: IncomingBatch) => Promise<void>,
    observer?: ConsumerObserver,
  ): Promise<void>;
  /**
   * This member's partitions that are behind the end of their log, as the group has them
   * committed (asks the cluster). Empty before the consumer has joined its group.
   */
  partitionsBehind(): Promise<PartitionBehind[]>;
  disconnect(): Promise<void>;
}

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
}

/** How long a topic keeps messages: Kafka deletes a segment once its newest message is older. */
export interface TopicRetention {
  /** `retention.ms`; -1 keeps messages forever. */
  retentionMs: number;
  /** `segment.ms`: a message can outlive its retention by up to this, in its segment. */
  segmentMs: number;
}

export interface MessageBroker {
  producer(): MessageProducer;
  consumer(groupId: string, options: { partitionsConsumedConcurrently: number }): MessageConsumer;
  /** Creates the topics that do not exist yet; existing ones are left alone. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /** The retention of each topic, as the cluster has it configured. */
  topicRetention(topics: string[]): Promise<Map<string, TopicRetention>>;
  /** Answers whether the cluster responds within the time given. */
  ping(timeoutMs: number): Promise<boolean>;
  disconnect(): Promise<void>;
}
