import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import { findEventDefinition, type EventEnvelope } from '@chuishao/contracts';
import type { Clock, Logger, TraceContext } from '@chuishao/kernel';
import { lastValueFrom } from 'rxjs';
import type {
  IncomingBatch,
  IncomingRecord,
  MessageBroker,
  MessageConsumer,
  MessageProducer,
} from '../broker/broker';
import type { Inbox } from '../inbox/inbox';
import type { MessagingConfig } from '../messaging-config';
import { NO_MESSAGING_METRICS, type MessagingMetrics } from '../messaging-metrics';
import { inConsumerSpan } from './message-spans';
import { EventRules } from './event-rules';
import { classifyRecord, type Classified, type HandlerLookup } from './record-classifier';
import { StallGuard, type PartitionBehind, type ProgressCheck } from './stall-guard';

export interface KafkaEventTransportOptions {
  broker: MessageBroker;
  producer: MessageProducer;
  inbox: Inbox;
  config: MessagingConfig;
  clock: Clock;
  logger: Logger;
  /** Runs before subscribing: makes sure the topics exist. */
  prepare: () => Promise<void>;
  /** Learns how long the subscribed topics keep messages (so the inbox keeps its rows as long). */
  learnRetention?: (topics: string[]) => Promise<void>;
  metrics?: MessagingMetrics;
}

/** How long a stalled consumer's disconnect is waited for before a new one starts anyway. */
const DISCONNECT_GIVE_UP_MS = 10_000;

interface PendingRecord {
  record: IncomingRecord;
  classified: Classified;
}

type PendingEvent = Extract<Classified, { kind: 'event' }> & { position: IncomingRecord };

/**
 * A Nest microservice transport over Kafka. Nest's built-in Kafka transport commits offsets on
 * its own schedule and cannot wrap a handler in our database transaction; this one does, per
 * message: validate the envelope against its contract, record it in the inbox and run the
 * `@EventPattern(type)` handler in one transaction, retry with backoff, and after the last
 * attempt move the message to `<topic>.dlq` so the partition moves on.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  private consumer: MessageConsumer | null = null;
  private closing = false;
  private startLoop: Promise<void> | null = null;
  private readonly handlerChains = new Map<string, MessageHandler[] | null>();
  private readonly handlers: HandlerLookup = {
    handles: (type) => this.messageHandlers.has(type),
    chainFor: (type) => this.handlersFor(type),
  };
  /** What the stall guard reads: batches handed over so far, and those in a handler now. */
  private batchesBegun = 0;
  private batchesInHandler = 0;
  private readonly stallGuard: StallGuard;
  private readonly rules: EventRules;

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
    this.rules = new EventRules({
      ...options,
      metrics: options.metrics ?? NO_MESSAGING_METRICS,
      isClosing: () => this.closing,
      runHandlers: (handlers, event) => this.runHandlers(handlers, event),
    });
    this.stallGuard = new StallGuard({
      everyMs: options.config.stallCheckMs,
      observe: () => this.progress(),
      restart: (stalled) => this.restartStalled(stalled),
    });
  }

  /** Event types this service handles, from its `@EventPattern` decorators. */
  handledEventTypes(): string[] {
    return [...this.messageHandlers.keys()];
  }

  subscribedTopics(): string[] {
    const topics = new Set<string>();
    for (const type of this.handledEventTypes()) {
      const definition = findEventDefinition(type);
      if (!definition) throw new Error(`@EventPattern('${type}') names no event type in libs/contracts`);
      topics.add(`${this.options.config.topicPrefix}${definition.topic}`);
    }
    return [...topics].sort();
  }

  listen(callback: (...optionalParams: unknown[]) => void): void {
    const topics = this.subscribedTopics();
    if (topics.length > 0) {
      // Kafka may be down when the service boots: HTTP must come up anyway, so the consumer
      // connects in the background and keeps trying.
      this.startLoop = this.startConsuming(topics);
    }
    callback();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.stallGuard.stop();
    await this.consumer?.disconnect().catch(() => undefined);
    // A start still in flight (preparing topics, learning their retention) sees `closing` and
    // stops; one that created its consumer meanwhile has it disconnected here, so nothing is left
    // consuming after close (a leaked consumer crashed its test worker once the broker stopped).
    await this.startLoop?.catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }

  on(): void {
    throw new Error('KafkaEventTransport does not emit transport events');
  }

  unwrap<T>(): T {
    return this.options.broker as T;
  }

  private async startConsuming(topics: string[]): Promise<void> {
    const { config, logger } = this.options;
    let attempt = 0;
    while (!this.closing) {
      try {
        await this.options.prepare();
        await this.learnRetention(topics);
        if (this.closing) return;
        this.consumer = this.options.broker.consumer(config.consumerGroup, {
          partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
        });
        await this.consumer.run(topics, (batch) => this.handleBatch(batch), {
          onLag: (topic, partition, lag) => this.metrics.consumerLag?.(topic, partition, lag),
        });
        logger.info('consuming', { topics, group: config.consumerGroup });
        this.stallGuard.start();
        return;
      } catch (error) {
        attempt += 1;
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = null;
        const delay = Math.min(500 * 2 ** attempt, 10000);
        logger.warn('consumer could not start; retrying', { attempt, delayMs: delay, error: String(error) });
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
  }

  /** Not knowing it only means inbox rows are kept forever: never a reason not to consume. */
  private async learnRetention(topics: string[]): Promise<void> {
    await this.options.learnRetention?.(topics).catch((error: unknown) =>
      this.options.logger.warn('topic retention unknown; inbox rows of these topics are kept', {
        topics,
        error: String(error),
      }),
    );
  }

  /** One record as a batch of its own: for tests of the per-message rules. */
  handleRecord(record: IncomingRecord): Promise<void> {
    return this.handleBatch({
      topic: record.topic,
      partition: record.partition,
      records: [record],
      resolve: () => undefined,
      heartbeat: async () => undefined,
      isActive: () => true,
    });
  }

  /**
   * A fetched batch of one partition, in order. Consecutive events this service handles are
   * taken together, up to `consumerBatchSize`, in one transaction with one inbox INSERT: the
   * fixed cost of a transaction (begin, inbox row, commit and its WAL flush) is paid once per
   * batch instead of once per event, which is what lets a consumer keep up under load. If
   * anything in the batch fails, it rolls back and its events are taken one by one with the
   * per-message rules (retries, holding through a database outage, dead letters), so a poison
   * event costs its neighbours only a second try. Offsets are resolved only after the commit.
   */
  async handleBatch(batch: IncomingBatch): Promise<void> {
    this.batchesBegun += 1;
    this.batchesInHandler += 1;
    try {
      await this.handleInOrder(batch);
    } finally {
      this.batchesInHandler -= 1;
    }
  }

  /** What the stall guard checks: null while no consumer runs (starting, restarting, closing). */
  private async progress(): Promise<ProgressCheck | null> {
    const consumer = this.consumer;
    if (!consumer || this.closing) return null;
    const batchesBegun = this.batchesBegun;
    const batchesInHandler = this.batchesInHandler;
    const behind = await consumer.partitionsBehind();
    // A batch handed over while the cluster was asked makes this sighting inconclusive.
    if (this.batchesBegun !== batchesBegun || this.consumer !== consumer) return null;
    return { batchesBegun, batchesInHandler: Math.max(batchesInHandler, this.batchesInHandler), behind };
  }

  /**
   * A consumer that left partitions behind with nothing in hand is replaced, as kafkajs replaces
   * one that crashed: the old one is disconnected (given up on after a while: a stuck fetch loop
   * may never let it finish) and a new one joins the group and resumes from the committed offsets.
   */
  private async restartStalled(stalled: PartitionBehind[]): Promise<void> {
    const { config, logger } = this.options;
    logger.warn('consumer left partitions behind with nothing to handle; restarting it', {
      group: config.consumerGroup,
      partitions: stalled.map((p) => `${p.topic}[${p.partition}] at ${p.position} of ${p.end}`),
    });
    this.metrics.consumerRestarted?.('stalled');
    const consumer = this.consumer;
    this.consumer = null;
    await Promise.race([
      consumer?.disconnect().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, DISCONNECT_GIVE_UP_MS).unref()),
    ]);
    if (this.closing) return;
    this.startLoop = this.startConsuming(this.subscribedTopics());
  }

  private async handleInOrder(batch: IncomingBatch): Promise<void> {
    const pending: PendingRecord[] = [];
    let pendingEvents = 0;
    for (const record of batch.records) {
      if (this.closing || !batch.isActive()) return; // unresolved records are delivered again
      const classified = classifyRecord(record, this.handlers);
      if (classified.kind === 'hold') {
        await this.handlePending(batch, pending.splice(0));
        return this.rules.holdForNewerCode(batch, record, classified); // nothing from here on is resolved
      }
      if (classified.kind === 'dead-letter') {
        await this.handlePending(batch, pending.splice(0));
        pendingEvents = 0;
        await this.rules.deadLetter(record, classified.reason);
        batch.resolve(record);
        continue;
      }
      pending.push({ record, classified });
      if (classified.kind === 'event' && ++pendingEvents >= this.options.config.consumerBatchSize) {
        await this.handlePending(batch, pending.splice(0));
        pendingEvents = 0;
      }
    }
    if (!this.closing && batch.isActive()) await this.handlePending(batch, pending.splice(0));
  }

  /**
   * The handlers of an event type, in the order Nest registered them, each detached from the
   * next. Nest links several `@EventPattern` handlers of one type through `next`, and its wrapper
   * of each handler calls `next` itself, at once, beside the current one: walking the chain as
   * well ran every handler after the first twice or more, and concurrently on the transaction's
   * connection. Detached, each runs exactly once, one after another, in the one transaction.
   * Looked up once per type: Nest's `getHandlerByPattern` tries the pattern as JSON and catches
   * the failure on every call.
   */
  private handlersFor(type: string): MessageHandler[] | null {
    let chain = this.handlerChains.get(type);
    if (chain === undefined) {
      const head = this.getHandlerByPattern(type);
      chain = [];
      for (let h: MessageHandler | undefined = head ?? undefined; h; h = h.next as MessageHandler | undefined)
        chain.push(h);
      for (const h of chain) h.next = undefined;
      if (chain.length === 0) chain = null;
      this.handlerChains.set(type, chain);
    }
    return chain;
  }

  /** The handling of one event, in its consumer span (when tracing runs) and trace context. */
  private inSpan<T>(
    record: IncomingRecord,
    event: EventEnvelope,
    trace: TraceContext,
    work: () => Promise<T>,
  ): Promise<T> {
    const consumed = { ...record, eventId: event.id, eventType: event.type };
    return inConsumerSpan(consumed, trace, this.options.config.consumerGroup, work);
  }

  private async handlePending(batch: IncomingBatch, pending: PendingRecord[]): Promise<void> {
    if (pending.length === 0) return;
    const events: PendingEvent[] = [];
    for (const { record, classified } of pending) {
      if (classified.kind === 'event') events.push({ ...classified, position: record });
      else if (classified.kind === 'not-ours') this.metrics.eventConsumed(classified.type, 'ignored');
    }
    const together =
      events.length > 1 &&
      (await this.rules.handleTogether(events, (consumed, work) =>
        this.inSpan(consumed.position, consumed.event, consumed.trace, work),
      ));
    if (together) {
      batch.resolve(pending[pending.length - 1].record);
      await batch.heartbeat().catch(() => undefined);
      return;
    }
    for (const { record, classified } of pending) {
      if (classified.kind === 'event') {
        const { event, handlers, trace, skipped } = classified;
        await this.inSpan(record, event, trace, () =>
          this.rules.handleOne(record, event, handlers, skipped === true),
        );
      }
      batch.resolve(record);
    }
  }

  /** Every handler of the event, one after another, in the caller's transaction. */
  private async runHandlers(handlers: MessageHandler[], event: EventEnvelope): Promise<void> {
    for (const handler of handlers) {
      await lastValueFrom(this.transformToObservable(await handler(event)), { defaultValue: undefined });
    }
  }

  private get metrics(): MessagingMetrics {
    return this.options.metrics ?? NO_MESSAGING_METRICS;
  }
}
