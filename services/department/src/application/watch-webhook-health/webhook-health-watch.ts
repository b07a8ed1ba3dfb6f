import { Inject, Injectable } from '@nestjs/common';
import {
  DepartmentWebhookOutageDetected,
  DepartmentWebhookOutageEnded,
  OUTSIDE_HEALTH_STREAM_ID,
  SYSTEM_ACTOR,
  type EventEnvelope,
} from '@chuishao/contracts';
import { LOGGER, uuidv7, type Logger } from '@chuishao/kernel';
import { EventFactory, OutboxWriter } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import {
  afterWebhookAttempt,
  healthChanged,
  type WebhookAttempt,
  type WebhookHealthEvent,
} from '../../domain/webhook-health';
import { WebhookHealthRepository } from '../../infrastructure/persistence/webhook-health.repository';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../notification-settings';

/**
 * Keeps each department webhook's health with its delivery attempts (issue 20 item 7), in the
 * attempt's transaction: the decision is the domain's (webhook-health.ts); an outage beginning or
 * ending goes to the outbox, for the board and the alert. A webhook that delivers and was healthy
 * costs one read. Two lanes failing the same webhook's first attempts at once may count one
 * failure once (no row to lock yet): the outage is then said one attempt later.
 */
@Injectable()
export class WebhookHealthWatch {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly health: WebhookHealthRepository,
    private readonly events: EventFactory,
    private readonly outbox: OutboxWriter,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('webhook-health');
  }

  async attempted(departmentId: string, attempt: WebhookAttempt): Promise<void> {
    const before = await this.health.lock(departmentId);
    const { health, event } = afterWebhookAttempt(before, attempt, this.settings.webhookOutageAfter);
    if (healthChanged(before, health)) await this.health.save(health);
    if (!event) return;
    await this.outbox.append(this.transactions.manager, [this.announcement(departmentId, event)]);
    if (event.type === 'OutageDetected')
      this.logger.warn('department webhook down', {
        departmentId,
        consecutiveFailures: event.consecutiveFailures,
        since: event.since.toISOString(),
        error: event.lastError,
      });
    else this.logger.info('department webhook up again', { departmentId, since: event.since.toISOString() });
  }

  private announcement(departmentId: string, event: WebhookHealthEvent): EventEnvelope {
    const causation = { actor: SYSTEM_ACTOR, correlationId: uuidv7() };
    if (event.type === 'OutageDetected')
      return this.events.build(DepartmentWebhookOutageDetected, OUTSIDE_HEALTH_STREAM_ID, causation, {
        departmentId,
        consecutiveFailures: event.consecutiveFailures,
        lastError: event.lastError,
        failingSince: event.since.toISOString(),
      });
    return this.events.build(DepartmentWebhookOutageEnded, OUTSIDE_HEALTH_STREAM_ID, causation, {
      departmentId,
      failingSince: event.since.toISOString(),
      recoveredAt: event.endedAt.toISOString(),
    });
  }
}
