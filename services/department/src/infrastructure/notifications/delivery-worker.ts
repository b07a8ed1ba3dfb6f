import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { CLOCK, LOGGER, type Clock, type Logger, type PersonalDataCipher } from '@chuishao/kernel';
import { PERSONAL_DATA_CIPHER } from '@chuishao/platform';
import { TransactionHost } from '@chuishao/persistence';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../../application/notification-settings';
import {
  nextAttemptAt,
  type NotificationChannel,
  type NotificationMessage,
  type TriggerKind,
} from '../../domain/notification';
import { postWebhook, SMS_GATEWAY, webhookAgents, type DeliveryOutcome, type SmsGateway } from './channels';
import { inDeliverySpan } from './delivery-span';
import { NotificationMetrics } from './notification-metrics';
import { NotificationSignals } from './notification-signals';
import { openWebhookSecret } from '../persistence/directory.repository';

interface ClaimedRow {
  id: string;
  trigger_key: string;
  trigger_kind: TriggerKind;
  channel: NotificationChannel;
  recipient: string;
  address: string | null;
  summons_id: string;
  case_id: string;
  department_id: string;
  message: NotificationMessage;
  attempts: number;
  event_at: Date;
  created_at: Date;
  url: string | null;
  secret: string | null;
  traceparent: string | null;
  secret_sealed: string | null;
}

type Settled =
  | { state: 'delivered'; channel: NotificationChannel; kind: TriggerKind; latencySeconds: number }
  | { state: 'retrying' | 'dead_lettered'; channel: NotificationChannel };

/**
 * Delivers pending notifications, each attempt recorded. A transaction claims one due row with
 * `FOR UPDATE SKIP LOCKED` (so instances and lanes never attempt the same one at once), attempts
 * it, records the attempt and either marks it delivered, schedules the next attempt (exponential
 * backoff from the injected clock) or dead-letters it after the last. A crash mid-attempt rolls
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
    private readonly signals: NotificationSignals,
    private readonly metrics: NotificationMetrics,
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
    const settled = await this.transactions.run(async (manager): Promise<Settled | null> => {
      const [row]: ClaimedRow[] = await manager.query(
        `SELECT n.id, n.trigger_key, n.trigger_kind, n.channel, n.recipient, n.address, n.summons_id, n.case_id,
                n.department_id, n.message, n.attempts, n.event_at, n.created_at, w.url, w.secret, w.secret_sealed, n.traceparent
         FROM notifications n
         LEFT JOIN department_webhooks w ON n.channel = 'webhook' AND w.department_id = n.department_id
         WHERE n.state = 'pending' AND n.next_attempt_at <= $1
         ORDER BY n.next_attempt_at LIMIT 1
         FOR UPDATE OF n SKIP LOCKED`,
        [this.clock.now()],
      );
      if (!row) return null;
      const started = performance.now();
      const outcome = await inDeliverySpan(row, () => this.deliver(row));
      const durationMs = Math.round(performance.now() - started);
      const at = this.clock.now();
      const attempt = row.attempts + 1;
      // The attempt's row goes in with the notification's own update, one statement each way
      // (round trips are most of what a delivery costs here).
      const recordAttempt = `WITH attempt AS (
           INSERT INTO notification_attempts (notification_id, attempt, attempted_at, outcome, status_code, error, duration_ms)
           VALUES ($1, $2, $3, $5, $6, $4, $7)
         )`;
      const attemptParams = [
        row.id,
        attempt,
        at,
        outcome.error,
        outcome.ok ? 'delivered' : 'failed',
        outcome.statusCode,
        durationMs,
      ];
      // What is logged names the delivery and the recipient's directory key, never a phone or URL.
      const context = {
        deliveryId: row.id,
        trigger: row.trigger_key,
        channel: row.channel,
        recipient: row.recipient,
        attempt,
        statusCode: outcome.statusCode,
        durationMs,
      };
      if (outcome.ok) {
        await manager.query(
          `${recordAttempt}
           UPDATE notifications SET state = 'delivered', attempts = $2, delivered_at = $3, next_attempt_at = NULL,
             last_error = NULL WHERE id = $1`,
          attemptParams,
        );
        this.logger.debug('notification delivered', context);
        return {
          state: 'delivered',
          channel: row.channel,
          kind: row.trigger_kind,
          latencySeconds: Math.max(0, (at.getTime() - new Date(row.event_at).getTime()) / 1000),
        };
      }
      const next = nextAttemptAt(attempt, new Date(row.created_at), at, this.settings.retry);
      if (next) {
        await manager.query(
          `${recordAttempt}
           UPDATE notifications SET attempts = $2, next_attempt_at = $8, last_error = $4 WHERE id = $1`,
          [...attemptParams, next],
        );
        this.logger.warn('notification attempt failed; retrying later', {
          ...context,
          error: outcome.error,
          nextAttemptAt: next.toISOString(),
        });
        return { state: 'retrying', channel: row.channel };
      }
      await manager.query(
        `${recordAttempt}
         UPDATE notifications SET state = 'dead_lettered', attempts = $2, next_attempt_at = NULL,
           dead_lettered_at = $3, last_error = $4 WHERE id = $1`,
        attemptParams,
      );
      this.logger.error('notification dead-lettered after its last attempt', {
        ...context,
        error: outcome.error,
      });
      return { state: 'dead_lettered', channel: row.channel };
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
      occurredAt: new Date(row.event_at).toISOString(),
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
