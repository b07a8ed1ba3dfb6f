import { rowReader, rowWriter } from '@chuishao/persistence';
import { z } from 'zod';
import {
  NOTIFICATION_CHANNELS,
  NOTIFICATION_STATES,
  TRIGGER_KINDS,
  type NotificationChannel,
  type NotificationMessage,
  type NotificationState,
  type TriggerKind,
} from '../../domain/notification';
import type { NotificationsTable } from './schema';

export interface NewNotification {
  id: string;
  triggerKey: string;
  triggerKind: TriggerKind;
  channel: NotificationChannel;
  recipient: string;
  recipientName: string;
  address: string | null;
  summonsId: string;
  caseId: string;
  departmentId: string;
  message: NotificationMessage;
  eventAt: Date;
  createdAt: Date;
}

export interface NotificationAttempt {
  attempt: number;
  attemptedAt: Date;
  outcome: 'delivered' | 'failed';
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

export interface NotificationRecord {
  id: string;
  triggerKey: string;
  triggerKind: TriggerKind;
  channel: NotificationChannel;
  recipient: string;
  recipientName: string;
  summonsId: string;
  caseId: string;
  departmentId: string;
  state: NotificationState;
  attempts: number;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
  deadLetteredAt: Date | null;
  lastError: string | null;
  history: NotificationAttempt[];
}

/** A new notification's row: pending, due at once, in the trace it was planned in. */
export function notificationRowOf(n: NewNotification, traceparent: string | null): NotificationsTable {
  return rowWriter<NotificationsTable>()({
    ...n,
    message: JSON.stringify(n.message),
    state: 'pending',
    attempts: 0,
    nextAttemptAt: n.createdAt,
    deliveredAt: null,
    deadLetteredAt: null,
    lastError: null,
    traceparent,
    leasedUntil: null,
  });
}

/** A time as a row holds it (a column) or as JSON carries it (an attempt's, aggregated). */
const time = z.union([z.date(), z.string().transform((s) => new Date(s))]);

const attemptRow = z.object({
  attempt: z.number().int(),
  attempted_at: time,
  outcome: z.enum(['delivered', 'failed']),
  status_code: z.number().int().nullable(),
  error: z.string().nullable(),
  duration_ms: z.number().int(),
});

/**
 * A notification row (with its attempts, aggregated as JSON) becomes a record only through this
 * schema: a state or a channel the domain would not know fails here, naming the column.
 */
const notificationRow = z.object({
  id: z.string(),
  trigger_key: z.string(),
  trigger_kind: z.enum(TRIGGER_KINDS),
  channel: z.enum(NOTIFICATION_CHANNELS),
  recipient: z.string(),
  recipient_name: z.string(),
  summons_id: z.string(),
  case_id: z.string(),
  department_id: z.string(),
  state: z.enum(NOTIFICATION_STATES),
  attempts: z.number().int(),
  next_attempt_at: z.date().nullable(),
  created_at: z.date(),
  delivered_at: z.date().nullable(),
  dead_lettered_at: z.date().nullable(),
  last_error: z.string().nullable(),
  history: z.array(attemptRow).nullable(),
});

const attemptOfRow = rowReader<NotificationAttempt>()(attemptRow);

export const notificationOfRow = rowReader<NotificationRecord>()(
  notificationRow.transform(({ history, ...columns }) => ({
    ...columns,
    history: (history ?? []).map(attemptOfRow),
  })),
);
