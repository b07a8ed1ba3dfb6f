import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { EventEnvelope } from '@chuishao/contracts';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { OutboxWriter } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { SLA_SETTINGS, type SlaSettings } from '../../application/sla-settings';
import { retryDelayMs, wakeDelayMs, type FiredTimer } from '../../domain/timer';
import type { TimersTable } from '../persistence/schema';
import { TimerMetrics } from './timer-metrics';
import { TimerStore } from './timer-store';

/**
 * Runs inside the firing transaction: whatever it writes (state, outbox) commits with the fire.
 * Events it answers are appended to the outbox by the engine, with those of every timer of the
 * batch in one statement (a handler that only announces the fire writes nothing itself).
 */
export type TimerHandler = (timer: FiredTimer) => Promise<EventEnvelope[] | void>;

/** A handler threw on the fast path: the pass is rolled back and redone one savepoint per timer. */
class HandlerFailed extends Error {
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** A claimed row: what firing needs of schema.ts' TimersTable. */
type ClaimedRow = Pick<
  TimersTable,
  'id' | 'kind' | 'subject' | 'due_at' | 'payload' | 'generation' | 'attempts'
> & {
  /** The database's clock when the row was claimed: the fire's time, whatever this process's says. */
  claimed_at: Date;
};

/**
 * Fires due timers, once in effect whatever crashes: a transaction claims due rows with
 * `FOR UPDATE SKIP LOCKED` (several instances share the table without firing one twice), runs
 * each one's handler (which writes its events through the outbox in that transaction) and marks
 * the row fired with its lateness, fenced by its generation. A crash before the commit leaves the
 * row armed for the next claim; after it, the row is fired and its events are in the outbox.
 *
 * What is due, when it fired and when to retry are read on the database's clock (`due_at <=
 * now()`), never this process's: a deadline is shared by every instance, and one whose clock runs
 * ahead must not breach early (SPEC: deadlines between processes use the database's clock).
 *
 * Wake-up follows the next due time (capped), and comes early when this process arms a sooner
 * timer; a sweeper pass every few seconds catches anything else overdue (another instance's
 * timers, a restart, a clock jump).
 */
@Injectable()
export class TimerEngine implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly handlers = new Map<string, TimerHandler>();
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private sweeper: NodeJS.Timeout | null = null;
  /** Wall-clock ms of the planned wake (setTimeout runs on real time). */
  private plannedWake = Number.POSITIVE_INFINITY;
  private stopped = true;
  private running = false;
  private again = false;
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly transactions: TransactionHost,
    private readonly store: TimerStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(SLA_SETTINGS) private readonly settings: SlaSettings,
    @Inject(LOGGER) logger: Logger,
    private readonly metrics: TimerMetrics,
    private readonly outbox: OutboxWriter,
  ) {
    this.logger = logger.child('timer-engine');
    store.onArmed((dueAt) => this.armed(dueAt));
  }

  register(kind: string, handler: TimerHandler): void {
    if (this.handlers.has(kind)) throw new Error(`a handler for timer kind ${kind} is already registered`);
    this.handlers.set(kind, handler);
    // Series of each kind from the start, so rate() and increase() see their first fire and failure.
    this.metrics.lateness.zero({ kind });
    this.metrics.fired.inc({ kind }, 0);
    this.metrics.failed.inc({ kind }, 0);
  }

  onApplicationBootstrap(): void {
    if (this.settings.timers.enabled) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(0);
    this.sweeper = setInterval(() => this.wake(), this.settings.timers.sweepIntervalMs);
    this.sweeper.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.sweeper) clearInterval(this.sweeper);
    this.timer = null;
    this.sweeper = null;
    await this.inFlight;
  }

  /**
   * One claim pass: fires up to a batch of due timers in one transaction; answers how many it
   * claimed. Tests and the loop call it; "now" is the database's.
   *
   * The common case runs every handler of the batch back to back and marks the batch fired with
   * one statement. If a handler throws, that transaction is rolled back as a whole and the batch is
   * claimed again on the careful path, one savepoint per timer, so the failing timer is retried
   * with backoff while the others fire.
   */
  async runDue(): Promise<number> {
    try {
      return await this.transactions.run(() => this.firePass(false));
    } catch (error) {
      if (!(error instanceof HandlerFailed)) throw error;
      return this.transactions.run(() => this.firePass(true));
    }
  }

  private async firePass(careful: boolean): Promise<number> {
    const manager = this.transactions.manager;
    const rows: ClaimedRow[] = await manager.query(
      `SELECT id, kind, subject, due_at, payload, generation, attempts, clock_timestamp() AS claimed_at
       FROM timers
       WHERE state = 'armed' AND due_at <= now()
       ORDER BY due_at LIMIT $1
       FOR UPDATE SKIP LOCKED`,
      [this.settings.timers.batchSize],
    );
    const fired: ClaimedRow[] = [];
    const announced: EventEnvelope[] = [];
    for (const row of rows) {
      if (careful) await manager.query('SAVEPOINT timer_fire');
      const firedAt = new Date(row.claimed_at);
      try {
        const handler = this.handlers.get(row.kind);
        if (!handler) throw new Error(`no handler for timer kind ${row.kind}`);
        const events = await handler({
          id: row.id,
          kind: row.kind,
          subject: row.subject,
          dueAt: new Date(row.due_at),
          payload: row.payload ?? {},
          generation: row.generation,
          firedAt,
        });
        // The careful path appends each timer's events inside its savepoint, so a failed one takes
        // only its own with it; the fast path appends the batch's at once below.
        if (careful) await this.outbox.append(manager, events ?? []);
        else announced.push(...(events ?? []));
        if (careful) await manager.query('RELEASE SAVEPOINT timer_fire');
        fired.push(row);
      } catch (error) {
        if (!careful) throw new HandlerFailed(error);
        await manager.query('ROLLBACK TO SAVEPOINT timer_fire');
        await this.retryLater(row, error);
      }
    }
    if (fired.length === 0) return rows.length;
    await this.outbox.append(manager, announced);
    // Marked once the handlers' writes are done: the lateness is when the fire became durable
    // (give or take the commit). The rows are locked by this transaction, so the generation can
    // only have moved if a handler re-armed its own timer (the next escalation level): that row
    // stays armed for its new due time.
    // The lateness saturates at the integer column's range (24.8 days): a timer found a month
    // overdue after an outage must still fire, not fail its UPDATE with "integer out of range".
    // TypeORM answers an UPDATE ... RETURNING with [rows, affected].
    const [marked]: [Array<{ kind: string; lateness_ms: string }>, number] = await manager.query(
      `UPDATE timers AS t SET state = 'fired', fired_at = clock_timestamp(),
         lateness_ms = LEAST(2147483647, GREATEST(0, floor(extract(epoch FROM clock_timestamp() - t.due_at) * 1000)))
       FROM unnest($1::uuid[], $2::int[]) AS f(id, generation)
       WHERE t.id = f.id AND t.generation = f.generation AND t.state = 'armed'
       RETURNING t.kind, t.lateness_ms`,
      [fired.map((r) => r.id), fired.map((r) => r.generation)],
    );
    this.transactions.afterCommit(() => {
      for (const row of marked) {
        this.metrics.lateness.observe({ kind: row.kind }, Number(row.lateness_ms) / 1000);
        this.metrics.fired.inc({ kind: row.kind });
      }
    });
    return rows.length;
  }

  private async retryLater(row: ClaimedRow, error: unknown): Promise<void> {
    this.metrics.failed.inc({ kind: row.kind });
    const [rows]: [Array<{ due_at: Date }>, number] = await this.transactions.manager.query(
      `UPDATE timers SET attempts = attempts + 1, last_error = $3,
         due_at = clock_timestamp() + $4 * interval '1 millisecond'
       WHERE id = $1 AND generation = $2
       RETURNING due_at`,
      [
        row.id,
        row.generation,
        String(error instanceof Error ? error.message : error).slice(0, 1000),
        retryDelayMs(row.attempts + 1),
      ],
    );
    const retryAt = new Date(rows[0]?.due_at ?? Date.now());
    this.logger.error('timer handler failed; retrying later', {
      timerId: row.id,
      kind: row.kind,
      attempts: row.attempts + 1,
      retryAt: retryAt.toISOString(),
      error: error instanceof Error ? error.message : String(error),
    });
  }

  /**
   * Fires everything due now, pass after pass, until a pass finds nothing. A pass that found
   * anything goes round again at once rather than sleeping the loop's few milliseconds: under a
   * steady stream of deadlines (2,000 a second in the bench) more come due while a pass runs,
   * and the sleep was what they waited on (lateness p50 25 ms with it, 13 without). It cannot
   * spin: every claimed timer leaves the pass fired, retried later or re-armed for later.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const claimed = await this.runDue();
      total += claimed;
      if (claimed === 0 || this.stopped) return total;
    }
  }

  private armed(dueAt: Date): void {
    if (this.stopped) return;
    // Called after the arming transaction committed, so the row is visible to the next claim.
    // Only a hint: a process clock ahead wakes early and finds nothing due yet, and the pass then
    // sleeps by the database's clock; one behind is caught by the sweeper.
    const delay = wakeDelayMs(dueAt, this.clock.now(), this.settings.timers.pollCapMs);
    if (Date.now() + delay < this.plannedWake) this.schedule(delay);
  }

  private wake(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.plannedWake = Date.now() + delayMs;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.plannedWake = Number.POSITIVE_INFINITY;
      // A pass is already running: it goes round again instead (and stop() still awaits it).
      if (this.running) this.again = true;
      else this.inFlight = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    if (this.running || this.stopped) return;
    this.running = true;
    this.again = false;
    let delay = this.settings.timers.pollCapMs;
    try {
      await this.drain();
      // At least a few ms: a due row another instance holds (SKIP LOCKED) must not make us spin.
      const { nextDueAt, databaseNow } = await this.store.nextDue();
      delay = Math.max(10, wakeDelayMs(nextDueAt, databaseNow, this.settings.timers.pollCapMs));
    } catch (error) {
      delay = Math.min(1000, this.settings.timers.pollCapMs);
      this.logger.warn('timer pass failed; trying again shortly', {
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      this.running = false;
      if (!this.stopped) {
        const wanted = this.again ? 0 : delay;
        if (this.timer === null || Date.now() + wanted < this.plannedWake) this.schedule(wanted);
      }
    }
  }
}
