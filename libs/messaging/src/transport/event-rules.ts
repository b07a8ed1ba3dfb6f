import { setTimeout as delay } from 'node:timers/promises';
import type { MessageHandler } from '@nestjs/microservices';
import { latestEventDefinition, type EventEnvelope } from '@chuishao/contracts';
import type { Clock, Logger } from '@chuishao/kernel';
import { isTransientDatabaseError } from '@chuishao/persistence';
import type { IncomingBatch, IncomingRecord, MessageProducer } from '../broker/broker';
import type { Inbox } from '../inbox/inbox';
import type { MessagingConfig } from '../messaging-config';
import type { ConsumeOutcome, MessagingMetrics } from '../messaging-metrics';
import { allCollectTheirWrites } from './collected-writes';
import { sendToDeadLetterTopic } from './dead-letters';
import type { Classified, DeadLetterReason } from './record-classifier';

/** An event of a fetched batch, as classified, with the record it came in. */
export type ConsumedEvent = Extract<Classified, { kind: 'event' }> & { position: IncomingRecord };

/** What the rules need of the transport that fetched the events. */
export interface EventRulesContext {
  inbox: Inbox;
  producer: MessageProducer;
  config: MessagingConfig;
  clock: Clock;
  logger: Logger;
  metrics: MessagingMetrics;
  /** The service is shutting down: nothing is waited for, what is unfinished is redelivered. */
  isClosing: () => boolean;
  /** Every handler of the event, one after another, in the caller's transaction. */
  runHandlers: (handlers: MessageHandler[], event: EventEnvelope) => Promise<void>;
}

/**
 * What happens to the events a consumer fetched, once classified: many handled together in one
 * transaction, or one at a time with retries (a database outage holds the partition without
 * spending an attempt, a handler failing on its own is dead-lettered after its attempts); and a
 * newer version of a handled type held until new code takes the partition.
 */
export class EventRules {
  constructor(private readonly context: EventRulesContext) {}

  /** All of `events` in one transaction; false (everything rolled back) if any of it failed. */
  async handleTogether(
    events: ConsumedEvent[],
    inSpan: (consumed: ConsumedEvent, work: () => Promise<void>) => Promise<void>,
  ): Promise<boolean> {
    const { inbox, config, logger, runHandlers } = this.context;
    try {
      const outcomes = await inbox.handleBatchOnce(
        config.consumerGroup,
        events,
        (consumed) => inSpan(consumed, () => runHandlers(consumed.handlers, consumed.event)),
        { asOneStatement: events.every((consumed) => allCollectTheirWrites(consumed.handlers)) },
      );
      outcomes.forEach((outcome, i) => this.counted(events[i].event, outcome));
      return true;
    } catch (error) {
      logger.info('a batch of events failed together; taking them one by one', {
        events: events.length,
        error: error instanceof Error ? error.message : String(error),
      });
      return false;
    }
  }

  /**
   * One valid event in its own transaction, tried up to `maxAttempts` times, then dead-lettered.
   * A transient database error spends no attempt: the partition waits for the database.
   */
  async handleOne(
    record: IncomingRecord,
    event: EventEnvelope,
    handlers: MessageHandler[],
    skipped: boolean,
  ): Promise<void> {
    const { inbox, config, logger, runHandlers } = this.context;
    const { maxAttempts, retryInitialDelayMs, consumerGroup } = config;
    let lastError: unknown;
    let outageWaits = 0;
    for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
      try {
        const outcome = await inbox.handleOnce(
          consumerGroup,
          event,
          record,
          () => runHandlers(handlers, event),
          { record: skipped ? 'skipped' : 'handled', asOneStatement: allCollectTheirWrites(handlers) },
        );
        return this.counted(event, outcome);
      } catch (error) {
        lastError = error;
        if (isTransientDatabaseError(error)) {
          // The database went away or cannot do it now (a lock, a deadlock, a full disk, a
          // failover): the event is fine and will succeed later. Waiting here holds the
          // partition (nothing after it is consumed, so order is kept) and never spends an
          // attempt, so an outage of any length dead-letters nothing.
          if (this.context.isClosing()) throw error; // not committed: redelivered after the restart
          outageWaits += 1;
          await this.waitOutOutage(record, event, error, outageWaits);
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
        if (attempt < maxAttempts && !this.context.isClosing()) {
          await delay(retryInitialDelayMs * 2 ** (attempt - 1));
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

  private async waitOutOutage(record: IncomingRecord, event: EventEnvelope, error: unknown, waits: number) {
    if (waits === 1 || waits % 20 === 0)
      this.context.logger.warn('transient database error; holding the partition until it passes', {
        eventId: event.id,
        type: event.type,
        waits,
        error: error instanceof Error ? error.message : String(error),
      });
    await delay(Math.min(5000, this.context.config.retryInitialDelayMs * 2 ** waits));
    await record.heartbeat?.().catch(() => undefined);
  }

  /** Moves the message to `<topic>.dlq`, so the partition moves on; an error here is redelivery. */
  async deadLetter(record: IncomingRecord, reason: DeadLetterReason): Promise<void> {
    const { producer, config, clock, logger, metrics } = this.context;
    const type = record.headers['event-type'] ?? 'unknown';
    metrics.eventConsumed(/^[A-Za-z]{1,60}$/.test(type) ? type : 'unknown', 'dead_lettered');
    logger.error('message moved to dead-letter topic', {
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      code: reason.code,
      reason: reason.message,
    });
    // If the DLQ cannot be written the error propagates: the offset is not committed and Kafka
    // redelivers, so a message is never dropped silently.
    await sendToDeadLetterTopic(producer, record, config.consumerGroup, reason, clock.now());
  }

  /**
   * A newer version of an event this service handles: its code is older than its producer's.
   * Handling it with old code would misread it and dead-lettering would lose it, so the
   * partition waits (nothing resolved, heartbeats sent, like through a database outage) with an
   * alert, until the partition moves to an instance on the new code (a rebalance) or this one
   * stops for its redeploy; the message is then delivered again.
   */
  async holdForNewerCode(
    batch: IncomingBatch,
    record: IncomingRecord,
    held: { type: string; version: number },
  ): Promise<void> {
    const { logger, config, metrics } = this.context;
    metrics.eventConsumed(held.type, 'held');
    let waits = 0;
    while (!this.context.isClosing() && batch.isActive()) {
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
      await delay(Math.min(5000, config.retryInitialDelayMs * 2 ** waits));
      await batch.heartbeat().catch(() => undefined);
    }
  }

  /** Logs what was skipped or a duplicate, and counts every outcome. */
  private counted(event: EventEnvelope, outcome: ConsumeOutcome): void {
    if (outcome === 'skipped')
      this.context.logger.info('event of a type this code does not know skipped', {
        eventId: event.id,
        type: event.type,
        version: event.version,
      });
    if (outcome === 'duplicate')
      this.context.logger.debug('duplicate event ignored', { eventId: event.id, type: event.type });
    this.context.metrics.eventConsumed(event.type, outcome);
  }
}
