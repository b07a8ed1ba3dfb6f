import type { Logger } from '@chuishao/kernel';
import type { DataSource, EntityManager } from 'typeorm';
import type { MessageProducer, OutgoingRecord } from '../broker/broker';
import { NO_MESSAGING_METRICS, type MessagingMetrics } from '../messaging-metrics';
import { startSendSpans } from '../transport/message-spans';
import { isRefusedForGood } from './refused-for-good';
import { lockAndReadCommittedRows, type OutboxRow } from './committed-rows';
import { nextPassDelayMs } from './relay-pacing';

type Outgoing = { row: OutboxRow; record: OutgoingRecord; bytes: number };

export interface OutboxRelayOptions {
  pollIntervalMs: number;
  batchSize: number;
  /** Most bytes of event values in one send (one row larger than that goes alone). */
  batchBytes?: number;
  /** Called before the first publish; must make sure the topics exist. */
  beforeFirstPublish?: () => Promise<void>;
  metrics?: MessagingMetrics;
}

const DEFAULT_BATCH_BYTES = 900_000;

/**
 * Publishes committed outbox rows to Kafka in commit order, in batches bounded by count and
 * bytes, and marks them sent. A row Kafka refuses for good (too large) is set aside with an alert
 * and the rest go on. One relay per schema works at a time (a transaction-scoped advisory lock,
 * tried as the rows are read: committed-rows.ts), which keeps per-case order when several
 * replicas run. If Kafka is down the rows wait and the relay keeps trying with backoff: nothing
 * is lost, and it resumes by itself.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private nudged = false;
  private stopped = true;
  private failures = 0;
  private prepared = false;
  private inFlight: Promise<void> | null = null;
  /** The last pass found another replica's relay holding the lock. */
  private lockedOut = false;
  /** The last pass left committed rows behind an older transaction still running. */
  private heldBack = false;
  /** The last pass left rows it had read: a full batch (by count or bytes), or a send stopped part way. */
  private moreWaiting = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly producer: MessageProducer,
    private readonly options: OutboxRelayOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /** The last pass left committed rows behind an older transaction still running (it looks again in 50 ms). */
  get rowsHeldBack(): boolean {
    return this.heldBack;
  }

  /** Publish now rather than at the next poll (e.g. right after a commit). */
  nudge(): void {
    if (this.stopped) return;
    // A pass in progress may have read the outbox before the rows that prompted this nudge
    // committed: it goes round once more instead of leaving them to the next poll.
    if (this.running) this.nudged = true;
    else this.schedule(0);
  }

  /** Unpublished rows, for readiness. */
  async backlog(): Promise<number> {
    return (await this.backlogStatus()).backlog;
  }

  /**
   * Unpublished rows and how long the oldest has waited (seconds, 0 when none), read from the
   * database clock so no process clock enters it.
   */
  async backlogStatus(): Promise<{ backlog: number; oldestAgeSeconds: number }> {
    const rows: Array<{ count: string; age: string | null }> = await this.dataSource.query(
      `SELECT count(*)::text AS count, extract(epoch FROM now() - min(created_at))::text AS age
       FROM outbox WHERE published_at IS NULL AND set_aside_at IS NULL`,
    );
    return { backlog: Number(rows[0]?.count ?? 0), oldestAgeSeconds: Math.max(0, Number(rows[0]?.age ?? 0)) };
  }

  /** Publishes a batch of what is pending; returns how many rows it took (sent or set aside). */
  async drainOnce(): Promise<number> {
    if (!this.prepared && this.options.beforeFirstPublish) {
      await this.options.beforeFirstPublish();
      this.prepared = true;
    }
    return this.dataSource.transaction(async (manager) => {
      const { locked, rows, held } = await lockAndReadCommittedRows(manager, this.options.batchSize);
      this.lockedOut = !locked;
      this.moreWaiting = false;
      if (!locked) return 0;
      this.heldBack = rows.length < this.options.batchSize && held;
      const batch = this.withinBytes(rows);
      if (batch.length === 0) return 0;
      const complete = await this.publishTraced(manager, batch);
      this.moreWaiting = !complete || batch.length < rows.length || rows.length === this.options.batchSize;
      return batch.length;
    });
  }

  /**
   * Publishes and marks sent, each row in a send span of its event's trace (when tracing runs);
   * answers whether every row was taken (sent or set aside).
   */
  private async publishTraced(manager: EntityManager, batch: Outgoing[]): Promise<boolean> {
    const spans = startSendSpans(
      batch.map((o) => o.record),
      (record) => record.headers['event-type'] ?? record.topic,
    );
    batch.forEach((o, i) => (o.record = spans.records[i]));
    let sent: Outgoing[] = [];
    try {
      let complete: boolean;
      ({ sent, complete } = await this.publish(manager, batch));
      await manager.query('UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])', [
        sent.map((o) => o.row.seq),
      ]);
      this.metrics.eventsPublished(sent.map((o) => o.row.event_type));
      return complete;
    } finally {
      spans.end(new Set(sent.map((o) => o.record)));
    }
  }

  /** The leading rows whose values fit in `batchBytes`; always at least one. */
  private withinBytes(rows: OutboxRow[]): Outgoing[] {
    const limit = this.options.batchBytes ?? DEFAULT_BATCH_BYTES;
    const batch: Outgoing[] = [];
    let total = 0;
    for (const row of rows) {
      const value = JSON.stringify(row.envelope);
      const bytes = Buffer.byteLength(value);
      if (batch.length > 0 && total + bytes > limit) break;
      total += bytes;
      batch.push({
        row,
        bytes,
        record: { topic: row.topic, key: row.message_key, value, headers: row.headers },
      });
    }
    return batch;
  }

  /**
   * Sends the batch; answers what Kafka acknowledged, and whether the batch was taken whole. If
   * Kafka refuses the batch for good, the rows are sent one by one, in order, and the one it
   * refuses is set aside; a transient failure part way keeps what was sent and leaves the rest for
   * the next pass.
   */
  private async publish(
    manager: EntityManager,
    batch: Outgoing[],
  ): Promise<{ sent: Outgoing[]; complete: boolean }> {
    try {
      await this.producer.send(batch.map((o) => o.record));
      return { sent: batch, complete: true };
    } catch (error) {
      if (!isRefusedForGood(error)) throw error;
    }
    const sent: Outgoing[] = [];
    for (const outgoing of batch) {
      try {
        await this.producer.send([outgoing.record]);
        sent.push(outgoing);
      } catch (error) {
        if (!isRefusedForGood(error)) {
          this.logger.warn('outbox relay stopped part way; the rest waits for the next pass', {
            sent: sent.length,
            error: error instanceof Error ? error.message : String(error),
          });
          return { sent, complete: false };
        }
        await this.setAside(manager, outgoing, error);
      }
    }
    return { sent, complete: true };
  }

  private async setAside(manager: EntityManager, { row, bytes }: Outgoing, error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await manager.query('UPDATE outbox SET set_aside_at = now(), last_error = $2 WHERE seq = $1', [
      row.seq,
      message.slice(0, 1000),
    ]);
    this.metrics.eventSetAside?.(row.event_type);
    this.logger.error('Kafka refuses this event for good; set aside in the outbox, the rest go on', {
      seq: row.seq,
      eventId: row.event_id,
      type: row.event_type,
      topic: row.topic,
      bytes,
      error: message,
    });
  }

  private get metrics(): MessagingMetrics {
    return this.options.metrics ?? NO_MESSAGING_METRICS;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.inFlight = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.nudged = false;
    let next = this.options.pollIntervalMs;
    try {
      await this.drainOnce();
      if (this.failures > 0) this.logger.info('outbox relay recovered', { failures: this.failures });
      this.failures = 0;
      const { moreWaiting, nudged, lockedOut, heldBack } = this;
      next = nextPassDelayMs({ moreWaiting, nudged, lockedOut, heldBack }, this.options.pollIntervalMs);
    } catch (error) {
      this.failures += 1;
      next = Math.min(this.options.pollIntervalMs * 2 ** this.failures, 5000);
      await this.recordFailure(error);
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.logger.warn('outbox relay cannot publish; events wait in the outbox', {
          failures: this.failures,
          retryInMs: next,
          error: error instanceof Error ? error.message : String(error),
        });
      }
    } finally {
      this.running = false;
      this.schedule(next);
    }
  }

  private async recordFailure(error: unknown): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    await this.dataSource
      .query(
        `UPDATE outbox SET attempts = attempts + 1, last_error = $1
         WHERE seq = (SELECT min(seq) FROM outbox WHERE published_at IS NULL AND set_aside_at IS NULL)`,
        [message.slice(0, 1000)],
      )
      .catch(() => undefined);
  }
}
