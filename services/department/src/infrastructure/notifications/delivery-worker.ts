import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CLOCK, LOGGER, type Clock, type Logger, type PersonalDataCipher } from '@chuishao/kernel';
import { PERSONAL_DATA_CIPHER } from '@chuishao/platform';
import { CommandHandler } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../../application/notification-settings';
import { WebhookHealthWatch } from '../../application/watch-webhook-health/webhook-health-watch';
import { deliveryDecider, type DeliveryEvent, type RecordAttempt } from '../../domain/delivery.decider';
import type { NotificationChannel, TriggerKind } from '../../domain/notification';
import { postWebhook, SMS_GATEWAY, webhookAgents, type DeliveryOutcome, type SmsGateway } from './channels';
import { inDeliverySpan } from './delivery-span';
import { NotificationMetrics } from './notification-metrics';
import { NotificationSignals } from './notification-signals';
import { DeliveryStore, type ClaimedRow } from '../persistence/delivery.store';
import { openWebhookSecret } from '../persistence/directory.repository';

type Settled =
  | { state: 'delivered'; channel: NotificationChannel; kind: TriggerKind; latencySeconds: number }
  | { state: 'retrying' | 'dead_lettered'; channel: NotificationChannel };

/**
 * Delivers pending notifications, each attempt recorded. A transaction claims one due row with
 * `FOR UPDATE SKIP LOCKED` (so instances and lanes never attempt the same one at once), attempts
 * it, and the Delivery decider says what the attempt comes to (delivered, the next attempt by
 * exponential backoff from the injected clock, or dead-lettered after the last), which the one
 * CommandHandler saves with the attempt's row. A crash mid-attempt rolls
 * back to the row as it was: it is attempted again, with the same delivery id, which is how a
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
  private lanes = 0;
  /** Bumped by every wake-up: a lane that found nothing goes round again if it changed meanwhile. */
  private wakeups = 0;
  private readonly inFlight = new Set<Promise<void>>();
  private unsubscribe: (() => void) | null = null;
  private webhookAgents: ReturnType<typeof webhookAgents> | null = null;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly handler: CommandHandler,
    private readonly store: DeliveryStore,
    private readonly signals: NotificationSignals,
    private readonly metrics: NotificationMetrics,
    private readonly webhookHealth: WebhookHealthWatch,
    @Inject(SMS_GATEWAY) private readonly sms: SmsGateway,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('delivery-worker');
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
    this.unsubscribe = this.signals.onSignal(() => this.wake());
    this.sweeper = setInterval(() => this.wake(), this.settings.pollIntervalMs);
    this.sweeper.unref();
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    await Promise.all([...this.inFlight]);
  }

  wake(): void {
    this.wakeups += 1;
    while (!this.stopped && this.lanes < this.settings.concurrency) {
      this.lanes += 1;
      const lane: Promise<void> = this.lane().finally(() => {
        this.lanes -= 1;
        this.inFlight.delete(lane);
      });
      this.inFlight.add(lane);
    }
  }

  private async lane(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const seen = this.wakeups;
      try {
        if (await this.attemptNext()) continue;
      } catch (error) {
        this.logger.warn('delivery pass failed; the sweep tries again', {
          error: error instanceof Error ? error.message : String(error),
        });
        return;
      }
      if (seen === this.wakeups) return;
    }
  }

  /** Claims and attempts one due notification; answers whether there was one. Tests call it too. */
  async attemptNext(): Promise<boolean> {
    const settled = await this.transactions.run(async (): Promise<Settled | null> => {
      const claimed = await this.store.claimNext(this.clock.now());
      if (!claimed) return null;
      const { row, delivery } = claimed;
      const started = performance.now();
      const outcome = await inDeliverySpan(row, () => this.deliver(row));
      const durationMs = Math.round(performance.now() - started);
      const command: RecordAttempt = {
        type: 'RecordAttempt',
        outcome,
        at: this.clock.now(),
        durationMs,
        policy: this.settings.retry,
      };
      const { events } = await this.handler.decideAndSave(delivery, command, {
        decider: deliveryDecider,
        store: this.store,
      });
      // A webhook removed since is no outage of the department's system.
      if (row.channel === 'webhook' && row.url)
        await this.webhookHealth.attempted(row.department_id, {
          delivered: outcome.ok,
          at: command.at,
          error: outcome.error,
        });
      return events.length > 0 ? this.settledBy(events[0], row) : null;
    });
    if (!settled) return false;
    // Counted once the attempt committed: a rolled-back attempt did not happen.
    this.metrics.attempts.inc({
      channel: settled.channel,
      outcome: settled.state === 'delivered' ? 'delivered' : 'failed',
    });
    if (settled.state === 'delivered')
      this.metrics.latency.observe({ channel: settled.channel, kind: settled.kind }, settled.latencySeconds);
    if (settled.state === 'dead_lettered') this.metrics.deadLettered.inc({ channel: settled.channel });
    return true;
  }

  /** What an attempt's event is logged and counted as. */
  private settledBy(event: DeliveryEvent, row: ClaimedRow): Settled {
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

  private deliver(row: ClaimedRow): Promise<DeliveryOutcome> {
    if (row.channel === 'sms') {
      if (!row.address) return Promise.resolve({ ok: false, statusCode: null, error: 'no phone number' });
      return this.sms.send({ deliveryId: row.id, to: row.address, message: row.message });
    }
    const secret = openWebhookSecret(this.cipher, row);
    if (!row.url || !secret)
      return Promise.resolve({
        ok: false,
        statusCode: null,
        error: 'the department has no webhook any more',
      });
    const body = {
      deliveryId: row.id,
      kind: row.trigger_kind,
      trigger: row.trigger_key,
      summonsId: row.summons_id,
      caseId: row.case_id,
      departmentId: row.department_id,
      caseNo: row.message.params.caseNo,
      place: row.message.params.place,
      arrivalDeadline: row.message.arrivalDeadline,
      ...(row.message.params.level !== undefined ? { level: row.message.params.level } : {}),
      text: row.message.text,
      occurredAt: row.event_at.toISOString(),
    };
    return postWebhook(
      {
        url: row.url,
        secret,
        deliveryId: row.id,
        timestamp: Math.floor(this.clock.now().getTime() / 1000),
        rawBody: JSON.stringify(body),
        timeoutMs: this.settings.webhookTimeoutMs,
      },
      this.settings.webhookTargets,
      (this.webhookAgents ??= webhookAgents(this.settings.webhookTargets)),
    );
  }
}
