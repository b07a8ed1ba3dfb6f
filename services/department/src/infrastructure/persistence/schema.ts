import { Injectable } from '@nestjs/common';
import type { ColumnsOf, Transition } from '@chuishao/kernel';
import { lockAndTrySql, runOn, type KnownCasesTable } from '@chuishao/persistence';
import { ServiceSql } from '@chuishao/platform';
import { sql, type Generated, type RawBuilder } from 'kysely';
import { z } from 'zod';

/**
 * The service's tables as Kysely sees them (see migrations.ts), so every typed query is checked
 * by the compiler. Text columns the database constrains only by CHECK (a summons' status, a
 * notification's channel) stay `string` here: the *-rows.ts schemas check them when a row
 * becomes a domain object.
 */
export interface SummonsTable {
  id: string;
  whistle_id: string;
  case_id: string;
  case_no: string | null;
  department_id: string;
  center_id: string | null;
  status: string;
  arrival_deadline: Date;
  notified_at: Date;
  acknowledged_at: Date | null;
  arrived_at: Date | null;
  arrival_note: string | null;
  /** jsonb: written as its JSON text, read back as an object. */
  arrival_location: unknown;
  declined_at: Date | null;
  decline_reason: string | null;
  stood_down_at: Date | null;
  stand_down_reason: string | null;
}

export interface DepartmentsTable {
  id: string;
  kind: string;
  name: string;
  name_zh: string;
  center_ids: string[];
}

export interface NotificationsTable {
  id: string;
  trigger_key: string;
  trigger_kind: string;
  channel: string;
  recipient: string;
  recipient_name: string;
  address: string | null;
  summons_id: string;
  case_id: string;
  department_id: string;
  message: unknown;
  state: string;
  attempts: number;
  next_attempt_at: Date | null;
  event_at: Date;
  created_at: Date;
  delivered_at: Date | null;
  dead_lettered_at: Date | null;
  last_error: string | null;
  traceparent: string | null;
  /** The lease of the attempt in flight, on the database's clock (DeliveryClaims). */
  leased_until: Date | null;
}

export interface NotificationAttemptsTable {
  /** bigserial: drawn by the database, read as text. */
  id: Generated<string>;
  notification_id: string;
  attempt: number;
  attempted_at: Date;
  outcome: string;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface StreamEntriesTable {
  /** bigserial: drawn by the database, read as text. */
  id: Generated<string>;
  department_id: string;
  event: string;
  trigger_key: string;
  data: unknown;
  created_at: Date;
}

export interface SmsSimulatorMessagesTable {
  /** bigserial: drawn by the database, read as text. */
  id: Generated<string>;
  notification_id: string;
  to_phone: string;
  template: string;
  text: string;
  sent_at: Date;
}

export interface DepartmentWebhooksTable {
  department_id: string;
  url: string;
  /** Only a secret stored before sealing, until the next start seals it (or null). */
  secret: string | null;
  secret_sealed: string | null;
  updated_at: Date;
}

export interface WebhookHealthTable {
  department_id: string;
  consecutive_failures: number;
  failing_since: Date | null;
  outage_since: Date | null;
  last_error: string | null;
}

export interface SummonsMovementsTable {
  summons_id: string;
  en_route_at: Date | null;
  eta_at: Date | null;
  left_at: Date | null;
}

/** The directory's people (contacts.json and the directory API); only the SMS replies read it typed. */
export interface DirectoryContactsTable {
  owner_kind: string;
  owner_id: string;
  contact_id: string;
  role: string;
  name: string;
  phone: string;
  on_duty: boolean;
}

/** Issue 20 item 5: each texted phone's recent sends (the throttle) and its last reply code. */
export interface SmsPhonesTable {
  phone: string;
  recent_sends: Generated<Date[]>;
  last_reply_code: Generated<number>;
  /** Until when a text to the phone is in flight (lease-migrations.ts); null: none. */
  leased_until: Generated<Date | null>;
}

/** The summons a phone may answer under a code (sms-reply.ts). */
export interface SmsReplyCodesTable {
  phone: string;
  code: number;
  summons_id: string;
  notification_id: string;
  recipient: string;
  assigned_at: Date;
}

/** Every reply the SMS gateway brought in, by the gateway's message id, and what it came to. */
export interface SmsRepliesTable {
  message_id: string;
  /** bigserial: the order replies came in (the clock may not tell them apart). */
  seq: Generated<string>;
  received_at: Date;
  /** The sender as 138****1234: enough for ops to recognise, not a phone number. */
  sender_masked: string;
  text: string;
  outcome: string;
  code: string | null;
  action: string | null;
  summons_id: string | null;
  contact_id: string | null;
}

export interface DepartmentDatabase {
  directory_contacts: DirectoryContactsTable;
  sms_phones: SmsPhonesTable;
  sms_reply_codes: SmsReplyCodesTable;
  sms_replies: SmsRepliesTable;
  summons_movements: SummonsMovementsTable;
  summons: SummonsTable;
  departments: DepartmentsTable;
  known_cases: KnownCasesTable;
  department_webhooks: DepartmentWebhooksTable;
  webhook_health: WebhookHealthTable;
  notifications: NotificationsTable;
  notification_attempts: NotificationAttemptsTable;
  stream_entries: StreamEntriesTable;
  sms_simulator_messages: SmsSimulatorMessagesTable;
}

const transitionedColumn = z.object({ transitioned: z.boolean() });

/** The typed query builder over this schema, running in the ambient transaction (libs/platform). */
@Injectable()
export class DepartmentSql extends ServiceSql<DepartmentDatabase> {
  /**
   * A store's load with lock (AggregateStore.lockAndTry): reads and locks the row of `table` by
   * id, trying `attempt` on it in the same statement (persistence lockAndTrySql). Answers the row
   * as it was before, for the store's row schema to read, and whether the attempt was written.
   */
  async lockAndTry<S>(
    table: keyof DepartmentDatabase & string,
    id: string,
    columns: ColumnsOf<S>,
    attempt: Transition<S> | null,
  ): Promise<{ row: Record<string, unknown>; transitioned: boolean } | null> {
    const statement = lockAndTrySql({ table, keyColumn: 'id', id, columns, attempt });
    const { rows } = await runOn<Record<string, unknown>>(
      this.transactions.manager,
      statement.sql,
      statement.params,
    );
    if (rows.length === 0) return null;
    return { row: rows[0], transitioned: transitionedColumn.parse(rows[0]).transitioned };
  }
}

/**
 * "The case `caseId` lies within center `centerId`": its known path (CaseRegistered's) holds that
 * center. A case whose registration was not seen has no path and is left out.
 */
export function caseWithin(caseId: RawBuilder<unknown>, centerId: string): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM known_cases k WHERE k.case_id = ${caseId} AND ${centerId} = ANY(k.center_path))`;
}
