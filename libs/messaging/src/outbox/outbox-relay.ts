import type { Logger } from '@chuishao/kernel';
import type { DataSource } from 'typeorm';
import type { MessageProducer, OutgoingRecord } from '../broker/broker';
import { NO_MESSAGING_METRICS, type MessagingMetrics } from '../messaging-metrics';

interface OutboxRow {
  seq: string;
  topic: string;
  message_key: string;
  event_type: string;
  envelope: unknown;
  headers: Record<string, string>;
}

export interface OutboxRelayOptions {
  pollIntervalMs: number;
  batchSize: number;
  /** Called before the first publish; must make sure the topics exist. */
  beforeFirstPublish?: () => Promise<void>;
  metrics?: MessagingMetrics;
}

const LOCKED_OUT_RETRY_MS = 200;

/**
 * Publishes committed outbox rows to Kafka in commit order and marks them sent. One relay per
 * schema works at a time (a transaction-scoped advisory lock), which keeps per-case order when
 * several replicas run. If Kafka is down the rows wait and the relay keeps trying with backoff:
 * nothing is lost, and it resumes by itself.
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
       FROM outbox WHERE published_at IS NULL`,
    );
    return { backlog: Number(rows[0]?.count ?? 0), oldestAgeSeconds: Math.max(0, Number(rows[0]?.age ?? 0)) };
  }

  /** Publishes everything pending; returns how many rows it sent. */
  async drainOnce(): Promise<number> {
    if (!this.prepared && this.options.beforeFirstPublish) {
      await this.options.beforeFirstPublish();
      this.prepared = true;
    }
    return this.dataSource.transaction(async (manager) => {
      const [{ locked }] = await manager.query(
        `SELECT pg_try_advisory_xact_lock(hashtext(current_schema() || ':outbox-relay')) AS locked`,
      );
      this.lockedOut = !locked;
      if (!locked) return 0;
      const rows: OutboxRow[] = await manager.query(
        `SELECT seq, topic, message_key, event_type, envelope, headers FROM outbox
         WHERE published_at IS NULL ORDER BY seq LIMIT $1`,
        [this.options.batchSize],
      );
      if (rows.length === 0) return 0;
      const records: OutgoingRecord[] = rows.map((row) => ({
        topic: row.topic,
        key: row.message_key,
        value: JSON.stringify(row.envelope),
        headers: row.headers,
      }));
      await this.producer.send(records);
      await manager.query('UPDATE outbox SET published_at = now() WHERE seq = ANY($1::bigint[])', [
        rows.map((r) => r.seq),
      ]);
      (this.options.metrics ?? NO_MESSAGING_METRICS).eventsPublished(rows.map((r) => r.event_type));
      return rows.length;
    });
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
      const sent = await this.drainOnce();
      if (this.failures > 0) this.logger.info('outbox relay recovered', { failures: this.failures });
      this.failures = 0;
      if (sent === this.options.batchSize || this.nudged)
        next = 0; // more waiting: keep going
      // Another replica's relay is publishing; it may have read the outbox before our rows
      // committed, and nothing nudges it for them: look again soon rather than at the poll.
      else if (this.lockedOut) next = Math.min(next, LOCKED_OUT_RETRY_MS);
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
         WHERE seq = (SELECT min(seq) FROM outbox WHERE published_at IS NULL)`,
        [message.slice(0, 1000)],
      )
      .catch(() => undefined);
  }
}
