import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '@chuishao/kernel';
import type { IncomingBatch, MessageBroker, MessageConsumer } from '../broker/broker';
import type { MessagingConfig } from '../messaging-config';
import type { MessagingMetrics } from '../messaging-metrics';
import { StallGuard, type PartitionBehind, type ProgressCheck } from './stall-guard';

/** How long a stalled consumer's disconnect is waited for before a new one starts anyway. */
const DISCONNECT_GIVE_UP_MS = 10_000;

export interface ConsumerLifecycleOptions {
  broker: MessageBroker;
  config: MessagingConfig;
  logger: Logger;
  metrics: MessagingMetrics;
  /** Runs before subscribing: makes sure the topics exist. */
  prepare: () => Promise<void>;
  /** Learns how long the subscribed topics keep messages (so the inbox keeps its rows as long). */
  learnRetention?: (topics: string[]) => Promise<void>;
  /** What is done with each fetched batch, within `handling`. */
  handleBatch: (batch: IncomingBatch) => Promise<void>;
}

/**
 * The life of a service's one consumer: started in the background (Kafka may be down when the
 * service boots, and HTTP must come up anyway) and retried until it runs; watched by the stall
 * guard, which replaces it when it leaves partitions behind with nothing in hand; and closed so
 * that nothing is left consuming, even when close comes in the middle of a start.
 */
export class ConsumerLifecycle {
  private consumer: MessageConsumer | null = null;
  private closingNow = false;
  private startLoop: Promise<void> | null = null;
  private topics: string[] = [];
  /** What the stall guard reads: batches handed over so far, and those in a handler now. */
  private batchesBegun = 0;
  private batchesInHandler = 0;
  private readonly stallGuard: StallGuard;

  constructor(private readonly options: ConsumerLifecycleOptions) {
    this.stallGuard = new StallGuard({
      everyMs: options.config.stallCheckMs,
      observe: () => this.progress(),
      restart: (stalled) => this.restartStalled(stalled),
      onRestartFailed: (error) =>
        options.logger.warn('restarting a stalled consumer failed; the stall guard tries again', {
          group: options.config.consumerGroup,
          error: error instanceof Error ? error.message : String(error),
        }),
    });
  }

  /** Close has begun: nothing more is started, and what is unfinished is delivered again. */
  get closing(): boolean {
    return this.closingNow;
  }

  start(topics: string[]): void {
    this.topics = topics;
    this.startLoop = this.startConsuming();
  }

  async close(): Promise<void> {
    this.closingNow = true;
    await this.stallGuard.stop();
    await this.consumer?.disconnect().catch(() => undefined);
    // A start still in flight (preparing topics, learning their retention) sees `closing` and
    // stops; one that created its consumer meanwhile has it disconnected here, so nothing is left
    // consuming after close (a leaked consumer crashed its test worker once the broker stopped).
    await this.startLoop?.catch(() => undefined);
    await this.consumer?.disconnect().catch(() => undefined);
    this.consumer = null;
  }

  /** Runs the handling of a fetched batch, counted for the stall guard. */
  async handling(work: () => Promise<void>): Promise<void> {
    this.batchesBegun += 1;
    this.batchesInHandler += 1;
    try {
      await work();
    } finally {
      this.batchesInHandler -= 1;
    }
  }

  private async startConsuming(): Promise<void> {
    const { config, logger, broker, metrics } = this.options;
    let attempt = 0;
    while (!this.closingNow) {
      try {
        await this.options.prepare();
        await this.learnRetention();
        if (this.closingNow) return;
        this.consumer = broker.consumer(config.consumerGroup, {
          partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
        });
        await this.consumer.run(this.topics, (batch) => this.options.handleBatch(batch), {
          onLag: (topic, partition, lag) => metrics.consumerLag?.(topic, partition, lag),
        });
        logger.info('consuming', { topics: this.topics, group: config.consumerGroup });
        this.stallGuard.start();
        return;
      } catch (error) {
        attempt += 1;
        await this.consumer?.disconnect().catch(() => undefined);
        this.consumer = null;
        const delayMs = Math.min(500 * 2 ** attempt, 10000);
        logger.warn('consumer could not start; retrying', { attempt, delayMs, error: String(error) });
        await delay(delayMs);
      }
    }
  }

  /** Not knowing it only means inbox rows are kept forever: never a reason not to consume. */
  private async learnRetention(): Promise<void> {
    const topics = this.topics;
    await this.options.learnRetention?.(topics).catch((error: unknown) =>
      this.options.logger.warn('topic retention unknown; inbox rows of these topics are kept', {
        topics,
        error: String(error),
      }),
    );
  }

  /** What the stall guard checks: null while no consumer runs (starting, restarting, closing). */
  private async progress(): Promise<ProgressCheck | null> {
    const consumer = this.consumer;
    if (!consumer || this.closingNow) return null;
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
    const { config, logger, metrics } = this.options;
    logger.warn('consumer left partitions behind with nothing to handle; restarting it', {
      group: config.consumerGroup,
      partitions: stalled.map((p) => `${p.topic}[${p.partition}] at ${p.position} of ${p.end}`),
    });
    metrics.consumerRestarted?.('stalled');
    const consumer = this.consumer;
    this.consumer = null;
    await Promise.race([
      consumer?.disconnect().catch(() => undefined),
      new Promise((resolve) => setTimeout(resolve, DISCONNECT_GIVE_UP_MS).unref()),
    ]);
    if (this.closingNow) return;
    this.startLoop = this.startConsuming();
  }
}
