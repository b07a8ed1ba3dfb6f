import { Kafka, logLevel, type Consumer, type Producer } from 'kafkajs';
import { waitFor, type WaitOptions } from './wait-for';

/** Parsed JSON as tests walk it: assertions check the shape, so restating types here adds nothing. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ObservedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string | null;
  headers: Record<string, string>;
  /** The JSON-parsed value, when it parses. */
  json: Json;
}

function kafka(brokers: string, clientId: string): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  return new Kafka({ clientId, brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

/**
 * Reads topics from the beginning with a group of its own, so a test can assert on the events
 * a run actually put on Kafka (including dead letters).
 */
export class TopicObserver {
  readonly messages: ObservedMessage[] = [];
  private consumer: Consumer | null = null;

  constructor(
    private readonly brokers: string,
    private readonly topics: string[],
  ) {}

  async start(): Promise<this> {
    const group = `observer-${Math.random().toString(36).slice(2)}`;
    this.consumer = kafka(this.brokers, group).consumer({ groupId: group, allowAutoTopicCreation: false });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: this.topics, fromBeginning: true });
    await this.consumer.run({
      eachMessage: async ({ topic, partition, message }) => {
        const value = message.value?.toString('utf8') ?? null;
        let json: unknown = undefined;
        try {
          json = value === null ? undefined : JSON.parse(value);
        } catch {
          json = undefined;
        }
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(message.headers ?? {}))
          if (v !== undefined) headers[k] = String(v);
        this.messages.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key?.toString() ?? null,
          value,
          headers,
          json,
        });
      },
    });
    return this;
  }

  /** Events (parsed envelopes) seen so far, optionally of one type. */
  events(type?: string): Json[] {
    return this.messages.filter((m) => m.json && (!type || m.json.type === type)).map((m) => m.json);
  }

  waitForMessage(description: string, predicate: (m: ObservedMessage) => boolean, options?: WaitOptions) {
    return waitFor(description, () => this.messages.find(predicate), { timeoutMs: 60000, ...options });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}

/** A bare producer for tests that inject raw, duplicate or malformed messages. */
export class RawProducer {
  private producer: Producer | null = null;

  constructor(private readonly brokers: string) {}

  async send(topic: string, key: string, value: string, headers: Record<string, string> = {}): Promise<void> {
    if (!this.producer) {
      this.producer = kafka(this.brokers, 'raw-test-producer').producer({ allowAutoTopicCreation: false });
      await this.producer.connect();
    }
    await this.producer.send({ topic, acks: -1, messages: [{ key, value, headers }] });
  }

  async stop(): Promise<void> {
    await this.producer?.disconnect();
  }
}
