import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, type PersonalDataCipher } from '@chuishao/kernel';
import { PERSONAL_DATA_CIPHER } from '@chuishao/platform';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../../application/notification-settings';
import { postWebhook, webhookAgents, type DeliveryOutcome } from './channels';
import type { ClaimedRow } from '../persistence/delivery.store';
import { openWebhookSecret } from '../persistence/directory.repository';

/**
 * One attempt of a webhook notification: the department's secret opened only to sign it, the
 * body the receiver documents (README "Webhooks"), posted through the agents that refuse inside
 * addresses.
 */
@Injectable()
export class WebhookPoster {
  private agents: ReturnType<typeof webhookAgents> | null = null;

  constructor(
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(PERSONAL_DATA_CIPHER) private readonly cipher: PersonalDataCipher,
  ) {}

  post(row: ClaimedRow): Promise<DeliveryOutcome> {
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
      (this.agents ??= webhookAgents(this.settings.webhookTargets)),
    );
  }
}
