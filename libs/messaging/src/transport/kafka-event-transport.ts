import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import { findEventDefinition, type EventEnvelope } from '@chuishao/contracts';
import type { Clock, TraceContext } from '@chuishao/kernel';
import { lastValueFrom } from 'rxjs';
import type { IncomingBatch, IncomingRecord, MessageProducer } from '../broker/broker';
import type { Inbox } from '../inbox/inbox';
import { NO_MESSAGING_METRICS, type MessagingMetrics } from '../messaging-metrics';
import { ConsumerLifecycle, type ConsumerLifecycleOptions } from './consumer-lifecycle';
import { EventRules, type ConsumedEvent } from './event-rules';
import { inConsumerSpan } from './message-spans';
import { classifyRecord, type Classified, type HandlerLookup } from './record-classifier';

/** What the consumer's life needs (broker, config, logger, topic preparation), and the rest. */
export interface KafkaEventTransportOptions extends Omit<
  ConsumerLifecycleOptions,
  'metrics' | 'handleBatch'
> {
  producer: MessageProducer;
  inbox: Inbox;
  clock: Clock;
  metrics?: MessagingMetrics;
}

interface PendingRecord {
  record: IncomingRecord;
  classified: Classified;
}

/**
 * A Nest microservice transport over Kafka. Nest's built-in Kafka transport commits offsets on
 * its own schedule and cannot wrap a handler in our database transaction; this one does, per
 * message: validate the envelope against its contract, record it in the inbox and run the
 * `@EventPattern(type)` handler in one transaction, retry with backoff, and after the last
 * attempt move the message to `<topic>.dlq` so the partition moves on.
 */
export class KafkaEventTransport extends Server implements CustomTransportStrategy {
  private readonly handlerChains = new Map<string, MessageHandler[] | null>();
  private readonly handlers: HandlerLookup = {
    handles: (type) => this.messageHandlers.has(type),
    chainFor: (type) => this.handlersFor(type),
  };
  private readonly consuming: ConsumerLifecycle;
  private readonly rules: EventRules;
  private readonly metrics: MessagingMetrics;

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
    const metrics = (this.metrics = options.metrics ?? NO_MESSAGING_METRICS);
    this.consuming = new ConsumerLifecycle({
      ...options,
      metrics,
      handleBatch: (batch) => this.handleBatch(batch),
    });
    this.rules = new EventRules({
      ...options,
      metrics,
      isClosing: () => this.closing,
      runHandlers: (handlers, event) => this.runHandlers(handlers, event),
    });
  }

  /** Close has begun: what is unfinished is left unresolved, to be delivered again. */
  private get closing(): boolean {
    return this.consuming.closing;
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
      this.consuming.start(topics);
    }
    callback();
  }

  close(): Promise<void> {
    return this.consuming.close();
  }

  on(): void {
    throw new Error('KafkaEventTransport does not emit transport events');
  }

  unwrap<T>(): T {
    return this.options.broker as T;
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
  handleBatch(batch: IncomingBatch): Promise<void> {
    return this.consuming.handling(() => this.handleInOrder(batch));
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
    const events: ConsumedEvent[] = [];
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
}
