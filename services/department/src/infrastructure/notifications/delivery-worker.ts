import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { CommandHandler } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../../application/notification-settings';
import { WebhookHealthWatch } from '../../application/watch-webhook-health/webhook-health-watch';
import {
  deliveryDecider,
  type Delivery,
  type DeliveryEvent,
  type RecordAttempt,
} from '../../domain/delivery.decider';
import type { NotificationChannel, TriggerKind } from '../../domain/notification';
import type { DeliveryOutcome } from './channels';
import { WebhookPoster } from './webhook-poster';
import { DeliveryLanes, type ClaimOutcome } from './delivery-lanes';
import { inDeliverySpan } from './delivery-span';
import { NotificationMetrics } from './notification-metrics';
import { NotificationSignals } from './notification-signals';
import { DeliveryClaims, type Claim } from '../persistence/delivery-claims';
import { DeliveryStore, type ClaimedRow, type WithWrite } from '../persistence/delivery.store';
import { SmsTexting, type ClaimedText } from './sms-texting';
import type { DueText } from '../persistence/sms-phone.store';

/** What the log and the metrics need of a notification attempted. */
type AttemptedRow = Pick<
  ClaimedRow,
  'id' | 'trigger_key' | 'trigger_kind' | 'channel' | 'recipient' | 'event_at'
>;

type ClaimedSingle = Extract<Claim, { kind: 'single' }>;

type Settled =
  | { state: 'delivered'; channel: NotificationChannel; kind: TriggerKind; latencySeconds: number }
  | { state: 'retrying' | 'dead_lettered'; channel: NotificationChannel };

/**
 * Delivers pending notifications, each attempt recorded. A claim leases one due notification (an
 * SMS: its phone, with everything due to it) in one statement (DeliveryClaims), so instances and
 * lanes never attempt the same one at once; the attempt runs outside any transaction, and the
 * Delivery decider says what it comes to (delivered, the next attempt by exponential backoff from
 * the injected clock, or dead-lettered after the last), which the one CommandHandler saves with
 * the attempt's row in one statement while the lease holds. A crash mid-attempt leaves the
 * notification leased: it is attempted again when the lease runs out (NOTIFY_LEASE_MS, on the
 * database's clock, as every instance reads it), with the same delivery id, which is how a
 * webhook receiver recognises a repeat.
 *
 * Wakes on the commit of new notifications (NotificationSignals) and sweeps every few seconds for
 * retries that came due and rows written while it was down.
 */
@Injectable()
export class DeliveryWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: Logger;
  private sweeper: NodeJS.Timeout | null = null;
  private stopped = true;
  private readonly lanes: DeliveryLanes;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly handler: CommandHandler,
    private readonly claims: DeliveryClaims,
    private readonly store: DeliveryStore,
    private readonly signals: NotificationSignals,
    private readonly metrics: NotificationMetrics,
    private readonly webhookHealth: WebhookHealthWatch,
    private readonly texting: SmsTexting,
    private readonly webhooks: WebhookPoster,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('delivery-worker');
    this.lanes = new DeliveryLanes(() => this.claimAndAttempt(), settings.concurrency, this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.settings.workerEnabled) this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.lanes.start();
    this.unsubscribe = this.signals.onSignal((signal) => {
      if (signal.kind === 'deliveries') this.lanes.wake(signal.due);
      else if (signal.kind === 'unknown') this.wake();
    });
    this.sweeper = setInterval(() => this.lanes.sweep(), this.settings.pollIntervalMs);
    this.sweeper.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await this.lanes.stop();
  }

  /** Anything may have come due (start-up, a signal that does not say): every lane goes looking. */
  wake(): void {
    this.lanes.wake();
  }

  /**
   * Claims and attempts one due notification (an SMS: with everything else due to the phone, in
   * one text); answers whether there was one. Tests call it too.
   */
  async attemptNext(): Promise<boolean> {
    return (await this.claimAndAttempt()) === 'attempted';
  }

  private async claimAndAttempt(): Promise<ClaimOutcome> {
    const claim = await this.claims.claimNext(
      this.clock.now(),
      this.settings.leaseMs,
      this.settings.smsBundleMax,
    );
    if (claim.kind === 'none' || claim.kind === 'blocked') return claim.kind;
    // A phone another lane leased between the look and the claim: look again at once.
    if (claim.kind === 'contended') return 'attempted';
    const settled = claim.kind === 'text' ? await this.text(claim) : await this.callOut(claim);
    for (const each of settled) this.count(each);
    return 'attempted';
  }

  /**
   * A text to the claimed phone, carrying whatever else is due to it. The throttle may hold it
   * back: that is no attempt, so nothing is recorded and no span is opened.
   */
  private async text(claimed: ClaimedText): Promise<Settled[]> {
    const prepared = await this.texting.prepare(claimed, this.clock.now());
    if ('heldUntil' in prepared) return [];
    const started = performance.now();
    const { recorded, ...outcome } = await inDeliverySpan(claimed.claimed, () => this.texting.send(prepared));
    // The phone's lease ended (with its sends and codes, when the text went), and the gateway's
    // own record of the text, if any.
    const phoneWrites = this.texting.settledWrites(prepared, outcome.ok, this.clock.now());
    const writes = outcome.ok && recorded ? [...phoneWrites, recorded] : phoneWrites;
    return this.settle(prepared.parts.map(asAttempted), outcome, started, claimed.leaseUntil, writes);
  }

  /**
   * A webhook's POST (or an SMS with no phone, which fails like any attempt), outside any
   * transaction: the claim's lease keeps it this lane's. A webhook's outcome is saved with the
   * webhook's health, in one transaction.
   */
  private async callOut(claimed: ClaimedSingle): Promise<Settled[]> {
    const { row, leaseUntil } = claimed;
    const started = performance.now();
    const outcome = await inDeliverySpan(row, () =>
      row.channel === 'sms' ? Promise.resolve(NO_PHONE) : this.webhooks.post(row),
    );
    // A webhook removed since is no outage of the department's system.
    if (row.channel !== 'webhook' || !row.url) return this.settle([claimed], outcome, started, leaseUntil);
    return this.transactions.run(async () => {
      const settled = await this.settle([claimed], outcome, started, leaseUntil);
      await this.webhookHealth.attempted(row.department_id, {
        delivered: outcome.ok,
        at: this.clock.now(),
        error: outcome.error,
      });
      return settled;
    });
  }

  /**
   * What the attempt comes to for each notification it carried, saved with its attempt row (and
   * `alsoWritten`, what the text leaves on the phone) in one statement, while the lease holds.
   */
  private async settle(
    parts: ReadonlyArray<{ row: AttemptedRow; delivery: Delivery }>,
    outcome: DeliveryOutcome,
    started: number,
    leaseUntil: Date,
    alsoWritten: readonly WithWrite[] = [],
  ): Promise<Settled[]> {
    const command: RecordAttempt = {
      type: 'RecordAttempt',
      outcome,
      at: this.clock.now(),
      durationMs: Math.round(performance.now() - started),
      policy: this.settings.retry,
    };
    const handled = await this.handler.decideAndSaveAllInOne(
      parts.map((part) => part.delivery),
      command,
      { decider: deliveryDecider, store: this.store.leased(leaseUntil, alsoWritten) },
    );
    return handled.flatMap(({ events }, i) =>
      events.length > 0 ? [this.settledBy(events[0], parts[i].row)] : [],
    );
  }

  /** Counted once the attempt committed: a rolled-back attempt did not happen. */
  private count(settled: Settled): void {
    this.metrics.attempts.inc({
      channel: settled.channel,
      outcome: settled.state === 'delivered' ? 'delivered' : 'failed',
    });
    if (settled.state === 'delivered')
      this.metrics.latency.observe({ channel: settled.channel, kind: settled.kind }, settled.latencySeconds);
    if (settled.state === 'dead_lettered') this.metrics.deadLettered.inc({ channel: settled.channel });
  }

  /** What an attempt's event is logged and counted as. */
  private settledBy(event: DeliveryEvent, row: AttemptedRow): Settled {
    const { attempt } = event;
    // What is logged names the delivery and the recipient's directory key, never a phone or URL.
    const context = {
      deliveryId: row.id,
      trigger: row.trigger_key,
      channel: row.channel,
      recipient: row.recipient,
      attempt: attempt.attempt,
      statusCode: attempt.statusCode,
      durationMs: attempt.durationMs,
    };
    switch (event.type) {
      case 'Delivered':
        this.logger.debug('notification delivered', context);
        return {
          state: 'delivered',
          channel: row.channel,
          kind: row.trigger_kind,
          latencySeconds: Math.max(0, (attempt.at.getTime() - row.event_at.getTime()) / 1000),
        };
      case 'RetryScheduled':
        this.logger.warn('notification attempt failed; retrying later', {
          ...context,
          error: attempt.error,
          nextAttemptAt: event.nextAttemptAt.toISOString(),
        });
        return { state: 'retrying', channel: row.channel };
      case 'DeadLettered':
        this.logger.error('notification dead-lettered after its last attempt', {
          ...context,
          error: attempt.error,
        });
        return { state: 'dead_lettered', channel: row.channel };
    }
  }

  /** Attempts every due notification, one after another (tests drive the worker with it). */
  async drain(): Promise<number> {
    let attempted = 0;
    while (await this.attemptNext()) attempted += 1;
    return attempted;
  }
}

/** An SMS with no phone to go to fails like any attempt (and is retried: a phone may be set since). */
const NO_PHONE: DeliveryOutcome = { ok: false, statusCode: null, error: 'no phone number' };

function asAttempted(part: DueText): { row: AttemptedRow; delivery: Delivery } {
  return { row: { ...part, channel: 'sms' }, delivery: part.delivery };
}
