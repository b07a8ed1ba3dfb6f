import { ALL_TOPICS } from '@chuishao/contracts';
import { Kafka, logLevel, type Consumer } from 'kafkajs';

export interface TappedMessage {
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
  /** Producer time (CreateTime), ms since the epoch. */
  producedAt: number;
}

/**
 * Reads every topic of a bench run (its prefix) as one more consumer group: it sees each event
 * the services publish, when it was produced, and when a WhistleCompleted arrives. While
 * `capturing`, it keeps the messages themselves so the raw baseline can replay the very same
 * events (same sizes, keys and headers).
 */
export class EventTap {
  private consumer: Consumer | null = null;
  private captured: TappedMessage[] = [];
  private capturing = false;
  private readonly completions = new Map<string, number>();
  private readonly waiters = new Map<string, () => void>();

  constructor(
    private readonly brokers: string,
    private readonly topicPrefix: string,
  ) {}

  async start(): Promise<void> {
    const kafka = new Kafka({
      clientId: 'chuishao-bench-tap',
      brokers: this.brokers.split(','),
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `${this.topicPrefix}bench-tap`, sessionTimeout: 30_000 });
    this.consumer = consumer;
    await consumer.connect();
    const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
    // By name, not by a pattern: kafkajs resolves a RegExp once, against the topics its metadata
    // holds then, and a broker started moments ago may not list the run's topics yet (the tap then
    // never read the whistles topic, and saw no completion). A named topic is fetched once it exists.
    await consumer.subscribe({
      topics: ALL_TOPICS.map((topic) => `${this.topicPrefix}${topic}`),
      fromBeginning: false,
    });
    await consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        const whistles = batch.topic === `${this.topicPrefix}whistles`;
        for (const message of batch.messages) {
          if (this.capturing) {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {}))
              if (value !== undefined) headers[name] = value.toString();
            this.captured.push({
              topic: batch.topic,
              key: message.key?.toString() ?? null,
              value: message.value ?? Buffer.alloc(0),
              headers,
              producedAt: Number(message.timestamp),
            });
          }
          if (whistles && message.value) this.noteWhistleEvent(message.value);
        }
      },
    });
    await joined;
  }

  private noteWhistleEvent(value: Buffer): void {
    // Cheap check first: only WhistleCompleted needs parsing.
    if (!value.includes('WhistleCompleted')) return;
    const envelope = JSON.parse(value.toString()) as { type?: string; payload?: { whistleId?: string } };
    const whistleId = envelope.payload?.whistleId;
    if (envelope.type !== 'WhistleCompleted' || !whistleId || this.completions.has(whistleId)) return;
    this.completions.set(whistleId, Date.now());
    this.waiters.get(whistleId)?.();
  }

  /** When the WhistleCompleted of the whistle was consumed (ms since the epoch), if it was. */
  completedAt(whistleId: string): number | undefined {
    return this.completions.get(whistleId);
  }

  /** Resolves once every whistle's WhistleCompleted was consumed, or at the deadline. */
  async awaitCompletions(whistleIds: readonly string[], timeoutMs: number): Promise<void> {
    const pending = whistleIds.filter((id) => !this.completions.has(id));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(pending.map((id) => new Promise<void>((resolve) => this.waiters.set(id, () => resolve())))),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    for (const id of pending) this.waiters.delete(id);
  }

  startCapture(): void {
    this.captured = [];
    this.capturing = true;
  }

  /** Stops capturing and hands over what was captured. */
  stopCapture(): TappedMessage[] {
    this.capturing = false;
    const captured = this.captured;
    this.captured = [];
    return captured;
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
  }
}
