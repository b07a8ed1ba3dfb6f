import { Injectable } from '@nestjs/common';
import { ServiceMetrics } from '@chuishao/platform';
import type { Counter, Gauge, Histogram } from 'prom-client';
import { WebhookHealthRepository } from '../persistence/webhook-health.repository';
import { NOTIFICATION_CHANNELS } from '../../domain/notification';

/**
 * What ops reads off /metrics about notifications (issue 5): how long from the triggering event
 * to the first successful delivery, per channel, and how many attempts failed or were given up.
 */
@Injectable()
export class NotificationMetrics {
  readonly latency: Histogram<'channel' | 'kind'>;
  readonly attempts: Counter<'channel' | 'outcome'>;
  readonly deadLettered: Counter<'channel'>;
  readonly webhookOutages: Gauge<'department'>;

  constructor(metrics: ServiceMetrics, webhookHealth: WebhookHealthRepository) {
    this.latency = metrics.histogram({
      name: 'chuishao_notification_latency_seconds',
      help: 'From the triggering event to the first successful delivery, by channel and trigger kind',
      labelNames: ['channel', 'kind'] as const,
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800, 3600, 21600, 86400],
    });
    this.attempts = metrics.counter({
      name: 'chuishao_notification_attempts_total',
      help: 'Delivery attempts, by channel and outcome (delivered, failed)',
      labelNames: ['channel', 'outcome'] as const,
    });
    this.deadLettered = metrics.counter({
      name: 'chuishao_notifications_dead_lettered_total',
      help: 'Notifications given up after their last attempt, by channel (see GET /notifications/dead-letters)',
      labelNames: ['channel'] as const,
    });
    this.webhookOutages = metrics.gauge({
      name: 'chuishao_webhook_outage',
      help: '1 for each department whose webhook failed its last attempts in a row and has not delivered since (read at scrape time)',
      labelNames: ['department'] as const,
      async collect() {
        this.reset();
        for (const department of await webhookHealth.outages()) this.set({ department }, 1);
      },
    });
    // From the start, so increase() and the dead-letter alert see a channel's first one.
    for (const channel of NOTIFICATION_CHANNELS) this.deadLettered.inc({ channel }, 0);
  }
}
