import { CustomTransportStrategy, Server, type MessageHandler } from '@nestjs/microservices';
import { findEventDefinition, latestEventDefinition, type EventEnvelope } from '@chuishao/contracts';
import type { Clock, Logger, TraceContext } from '@chuishao/kernel';
import { isTransientDatabaseError } from '@chuishao/persistence';
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
import { sendToDeadLetterTopic } from './dead-letters';
import { inConsumerSpan } from './message-spans';
import {
  classifyRecord,
  type Classified,
  type DeadLetterReason,
  type HandlerLookup,
} from './record-classifier';
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

  constructor(private readonly options: KafkaEventTransportOptions) {
    super();
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
        return this.holdForNewerCode(batch, record, classified); // nothing from here on is resolved
      }
      if (classified.kind === 'dead-letter') {
        await this.handlePending(batch, pending.splice(0));
        pendingEvents = 0;
        await this.deadLetter(record, classified.reason);
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

  /**
   * A newer version of an event this service handles: its code is older than its producer's.
   * Handling it with old code would misread it and dead-lettering would lose it, so the
   * partition waits (nothing resolved, heartbeats sent, like through a database outage) with an
   * alert, until the partition moves to an instance on the new code (a rebalance) or this one
   * stops for its redeploy; the message is then delivered again.
   */
  private async holdForNewerCode(
    batch: IncomingBatch,
    record: IncomingRecord,
    held: { type: string; version: number },
  ): Promise<void> {
    const { logger, config } = this.options;
    this.metrics.eventConsumed(held.type, 'held');
    let waits = 0;
    while (!this.closing && batch.isActive()) {
      if (waits % 20 === 0)
        logger.warn('event of a newer version than this code knows; holding the partition until new code', {
          type: held.type,
          version: held.version,
          knownVersion: latestEventDefinition(held.type)?.version,
          topic: record.topic,
          partition: record.partition,
          offset: record.offset,
          waits,
        });
      waits += 1;
      await new Promise((resolve) =>
        setTimeout(resolve, Math.min(5000, config.retryInitialDelayMs * 2 ** waits)),
      );
      await batch.heartbeat().catch(() => undefined);
    }
  }

  private async handlePending(batch: IncomingBatch, pending: PendingRecord[]): Promise<void> {
    if (pending.length === 0) return;
    const events: PendingEvent[] = [];
    for (const { record, classified } of pending) {
      if (classified.kind === 'event') events.push({ ...classified, position: record });
      else if (classified.kind === 'not-ours') this.metrics.eventConsumed(classified.type, 'ignored');
    }
    if (events.length > 1 && (await this.handleTogether(events))) {
      batch.resolve(pending[pending.length - 1].record);
      await batch.heartbeat().catch(() => undefined);
      return;
    }
    for (const { record, classified } of pending) {
      if (classified.kind === 'event') {
        const { event, handlers, trace, skipped } = classified;
        await this.inSpan(record, event, trace, () =>
          this.handleValidEvent(record, event, handlers, skipped === true),
        );
      }
      batch.resolve(record);
    }
  }

  /** All of `events` in one transaction; false (everything rolled back) if any of it failed. */
  private async handleTogether(events: PendingEvent[]): Promise<boolean> {
    try {
      const outcomes = await this.options.inbox.handleBatchOnce(
        this.options.config.consumerGroup,
        events,
        ({ event, handlers, trace, position }) =>
          this.inSpan(position, event, trace, () => this.runHandlers(handlers, event)),
      );
      outcomes.forEach((outcome, i) => {
        const { event } = events[i];
        if (outcome === 'skipped') this.logSkipped(event);
        if (outcome === 'duplicate')
          this.options.logger.debug('duplicate event ignored', { eventId: event.id, type: event.type });
        this.metrics.eventConsumed(event.type, outcome);
      });
      return true;
    } catch (error) {
      this.options.logger.info('a batch of events failed together; taking them one by one', {
        events: events.length,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  /** Every handler of the event, one after another, in the caller's transaction. */
  private async runHandlers(handlers: MessageHandler[], event: EventEnvelope): Promise<void> {
    for (const handler of handlers) {
      await lastValueFrom(this.transformToObservable(await handler(event)), { defaultValue: undefined });
    }
  }

  private logSkipped(event: EventEnvelope): void {
    this.options.logger.info('event of a type this code does not know skipped', {
      eventId: event.id,
      type: event.type,
      version: event.version,
    });
  }

  private async handleValidEvent(
    record: IncomingRecord,
    event: EventEnvelope,
    handlers: MessageHandler[],
    skipped: boolean,
  ): Promise<void> {
    const { logger } = this.options;

    const { maxAttempts, retryInitialDelayMs, consumerGroup } = this.options.config;
    let lastError: unknown;
    let outageWaits = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      try {
        const outcome = await this.options.inbox.handleOnce(
          consumerGroup,
          event,
          record,
          () => this.runHandlers(handlers, event),
          skipped ? 'skipped' : 'handled',
        );
        if (outcome === 'skipped') this.logSkipped(event);
        if (outcome === 'duplicate')
          logger.debug('duplicate event ignored', { eventId: event.id, type: event.type });
        this.metrics.eventConsumed(event.type, outcome);
        return;
      } catch (error) {
        lastError = error;
        if (isTransientDatabaseError(error)) {
          // The database went away or cannot do it now (a lock, a deadlock, a full disk, a
          // failover): the event is fine and will succeed later. Waiting here holds the
          // partition (nothing after it is consumed, so order is kept) and never spends an
          // attempt, so an outage of any length dead-letters nothing.
          if (this.closing) throw error; // not committed: redelivered after the restart
          outageWaits += 1;
          if (outageWaits === 1 || outageWaits % 20 === 0)
            logger.warn('transient database error; holding the partition until it passes', {
              eventId: event.id,
              type: event.type,
              waits: outageWaits,
              error: error instanceof Error ? error.message : String(error),
            });
          await new Promise((resolve) =>
            setTimeout(resolve, Math.min(5000, retryInitialDelayMs * 2 ** outageWaits)),
          );
          await record.heartbeat?.().catch(() => undefined);
          attempt -= 1;
          continue;
        }
        logger.warn('event handler failed', {
          eventId: event.id,
          type: event.type,
          attempt,
          maxAttempts,
          error: error instanceof Error ? error.message : String(error),
        });
        if (attempt < maxAttempts && !this.closing) {
          await new Promise((resolve) => setTimeout(resolve, retryInitialDelayMs * 2 ** (attempt - 1)));
        }
      }
    }
    const code = (lastError as { code?: unknown })?.code;
    return this.deadLetter(record, {
      code: typeof code === 'string' ? code : 'HANDLER_FAILED',
      message: lastError instanceof Error ? lastError.message : String(lastError),
      attempts: maxAttempts,
    });
  }

  private get metrics(): MessagingMetrics {
    return this.options.metrics ?? NO_MESSAGING_METRICS;
  }

  private async deadLetter(record: IncomingRecord, reason: DeadLetterReason) {
    const type = record.headers['event-type'] ?? 'unknown';
    this.metrics.eventConsumed(/^[A-Za-z]{1,60}$/.test(type) ? type : 'unknown', 'dead_lettered');
    this.options.logger.error('message moved to dead-letter topic', {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      code: reason.code,
      reason: reason.message,
    });
    // If the DLQ cannot be written the error propagates: the offset is not committed and Kafka
    // redelivers, so a message is never dropped silently.
    await sendToDeadLetterTopic(
      this.options.producer,
      record,
      this.options.config.consumerGroup,
      reason,
      this.options.clock.now(),
    );
  }
}
