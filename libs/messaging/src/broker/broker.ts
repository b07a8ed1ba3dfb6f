/**
 * The only view of Kafka that the rest of the code has. kafkajs lives behind it
 * (kafkajs-broker.ts), so replacing the client touches one file, not the services.
 */
export interface OutgoingRecord {
  topic: string;
  key: string;
  value: string;
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

export interface MessageConsumer {
  /** Handles records one partition at a time, in order; an offset is committed after its handler resolves. */
  run(
    topics: string[],
    handle: (record: IncomingRecord) => Promise<void>,
    observer?: ConsumerObserver,
  ): Promise<void>;
  disconnect(): Promise<void>;
}

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor: number;
}

export interface MessageBroker {
  producer(): MessageProducer;
  consumer(groupId: string, options: { partitionsConsumedConcurrently: number }): MessageConsumer;
  /** Creates the topics that do not exist yet; existing ones are left alone. */
  ensureTopics(topics: TopicSpec[]): Promise<void>;
  /** Answers whether the cluster responds within the time given. */
  ping(timeoutMs: number): Promise<boolean>;
  disconnect(): Promise<void>;
}
