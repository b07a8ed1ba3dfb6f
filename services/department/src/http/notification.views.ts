import { ApiProperty } from '@nestjs/swagger';
import { maskPhone } from '@chuishao/kernel';
import {
  CONTACT_ROLES,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATES,
  type Contact,
  type NotificationChannel,
  type NotificationState,
} from '../domain/notification';
import type { Webhook } from '../infrastructure/persistence/directory.repository';
import type { NotificationRecord } from '../infrastructure/persistence/notification.repository';

export class AttemptView {
  @ApiProperty() attempt!: number;
  @ApiProperty({ format: 'date-time' }) attemptedAt!: string;
  @ApiProperty({ enum: ['delivered', 'failed'] }) outcome!: 'delivered' | 'failed';
  @ApiProperty({ type: Number, nullable: true, description: 'the receiver’s HTTP status' }) statusCode!:
    number | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty() durationMs!: number;
}

export class NotificationView {
  @ApiProperty({ format: 'uuid', description: 'also the webhook’s X-Chuishao-Delivery-Id' }) id!: string;
  @ApiProperty({ example: 'summons:0192…' }) trigger!: string;
  @ApiProperty({ enum: ['summons', 'warning', 'escalation', 'stood_down'] }) kind!: string;
  @ApiProperty({ enum: NOTIFICATION_CHANNELS }) channel!: NotificationChannel;
  @ApiProperty({ example: 'department:ganzhou-traffic-police:contact:liaison-zhang' }) recipient!: string;
  @ApiProperty() recipientName!: string;
  @ApiProperty({ format: 'uuid' }) summonsId!: string;
  @ApiProperty() departmentId!: string;
  @ApiProperty({ enum: NOTIFICATION_STATES }) state!: NotificationState;
  @ApiProperty() attempts!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) nextAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deliveredAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deadLetteredAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) lastError!: string | null;
  @ApiProperty({ type: [AttemptView] }) history!: AttemptView[];
}

export class NotificationListView {
  @ApiProperty({ type: [NotificationView] }) items!: NotificationView[];
}

export function notificationView(n: NotificationRecord): NotificationView {
  return {
    id: n.id,
    trigger: n.triggerKey,
    kind: n.triggerKind,
    channel: n.channel,
    recipient: n.recipient,
    recipientName: n.recipientName,
    summonsId: n.summonsId,
    departmentId: n.departmentId,
    state: n.state,
    attempts: n.attempts,
    nextAttemptAt: n.nextAttemptAt?.toISOString() ?? null,
    createdAt: n.createdAt.toISOString(),
    deliveredAt: n.deliveredAt?.toISOString() ?? null,
    deadLetteredAt: n.deadLetteredAt?.toISOString() ?? null,
    lastError: n.lastError,
    history: n.history.map((a) => ({
      attempt: a.attempt,
      attemptedAt: a.attemptedAt.toISOString(),
      outcome: a.outcome,
      statusCode: a.statusCode,
      error: a.error,
      durationMs: a.durationMs,
    })),
  };
}

export class ContactView {
  @ApiProperty() id!: string;
  @ApiProperty({ enum: CONTACT_ROLES }) role!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: '138****0001', description: 'masked' }) phone!: string;
  @ApiProperty() onDuty!: boolean;
}

export class ContactListView {
  @ApiProperty({ type: [ContactView] }) items!: ContactView[];
}

export function contactView(c: Contact): ContactView {
  return { id: c.id, role: c.role, name: c.name, phone: maskPhone(c.phone), onDuty: c.onDuty };
}

export class WebhookView {
  @ApiProperty() departmentId!: string;
  @ApiProperty() url!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

/** The secret is write-only: it is never answered back. */
export function webhookView(w: Webhook): WebhookView {
  return { departmentId: w.departmentId, url: w.url, updatedAt: w.updatedAt.toISOString() };
}

export class SmsMessageView {
  @ApiProperty() id!: string;
  @ApiProperty({ format: 'uuid' }) deliveryId!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ enum: ['summons', 'warning', 'escalation', 'stood_down'] }) template!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
}

export class SmsMessageListView {
  @ApiProperty({ type: [SmsMessageView] }) items!: SmsMessageView[];
}
