import type { MigrationInterface, QueryRunner } from 'typeorm';
import { knownCasesMigration } from '@chuishao/persistence';
import { NotificationLease1765600000000, SmsPhoneLease1765500000000 } from './lease-migrations';
import { DutyRosters1765200003270 } from './roster-migrations';
import {
  DepartmentWebhookHealth1765000009000,
  SmsRepliesAndThrottle1765400000000,
  SummonsMovements1765300000000,
} from './issue-20-migrations';

export class DepartmentSchema1732400003000 implements MigrationInterface {
  name = 'DepartmentSchema1732400003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE departments (
        id text PRIMARY KEY,
        kind text NOT NULL,
        name text NOT NULL,
        name_zh text NOT NULL,
        center_ids text[] NOT NULL CHECK (cardinality(center_ids) > 0)
      )`);
    // No foreign key to departments: a summons names whatever department dispatch summoned, and
    // the directory may not have caught up yet; the summons is kept either way.
    await queryRunner.query(`
      CREATE TABLE summons (
        id uuid PRIMARY KEY,
        whistle_id uuid NOT NULL,
        case_id uuid NOT NULL,
        case_no text,
        department_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('notified', 'acknowledged', 'arrived', 'declined')),
        arrival_deadline timestamptz NOT NULL,
        notified_at timestamptz NOT NULL,
        acknowledged_at timestamptz,
        arrived_at timestamptz,
        arrival_note text,
        declined_at timestamptz,
        decline_reason text,
        CHECK ((status = 'arrived') = (arrived_at IS NOT NULL)),
        CHECK ((status = 'declined') = (declined_at IS NOT NULL AND decline_reason IS NOT NULL))
      )`);
    await queryRunner.query(
      'CREATE INDEX summons_inbox ON summons (department_id, status, notified_at DESC)',
    );
    await queryRunner.query('CREATE INDEX summons_by_whistle ON summons (whistle_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE summons');
    await queryRunner.query('DROP TABLE departments');
  }
}

/**
 * Notifications (issue 5): the directory's people (heads, liaisons on a duty roster, center
 * supervisors) and webhooks; one row per recipient × channel × triggering fact, written in the
 * transaction of the summons or event that caused it (so it is the outbox of notifications), with
 * every delivery attempt; the per-department live stream; the SMS simulator's sent messages.
 */
export class DepartmentNotifications1732400003100 implements MigrationInterface {
  name = 'DepartmentNotifications1732400003100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE summons ADD COLUMN center_id text');
    await queryRunner.query(`
      CREATE TABLE centers (
        id text PRIMARY KEY,
        tier text NOT NULL,
        name text NOT NULL,
        name_zh text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE directory_contacts (
        owner_kind text NOT NULL CHECK (owner_kind IN ('department', 'center')),
        owner_id text NOT NULL,
        contact_id text NOT NULL,
        role text NOT NULL CHECK (role IN ('head', 'liaison', 'supervisor')),
        name text NOT NULL,
        phone text NOT NULL,
        on_duty boolean NOT NULL,
        PRIMARY KEY (owner_kind, owner_id, contact_id)
      )`);
    await queryRunner.query(`
      CREATE TABLE department_webhooks (
        department_id text PRIMARY KEY,
        url text NOT NULL,
        secret text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY,
        trigger_key text NOT NULL,
        trigger_kind text NOT NULL CHECK (trigger_kind IN ('summons', 'warning', 'escalation')),
        channel text NOT NULL CHECK (channel IN ('webhook', 'sms')),
        recipient text NOT NULL,
        recipient_name text NOT NULL,
        address text,
        summons_id uuid NOT NULL,
        case_id uuid NOT NULL,
        department_id text NOT NULL,
        message jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('pending', 'delivered', 'dead_lettered')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        event_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL,
        delivered_at timestamptz,
        dead_lettered_at timestamptz,
        last_error text,
        UNIQUE (recipient, channel, trigger_key),
        CHECK ((state = 'pending') = (next_attempt_at IS NOT NULL))
      )`);
    await queryRunner.query(
      `CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE state = 'pending'`,
    );
    await queryRunner.query('CREATE INDEX notifications_by_summons ON notifications (summons_id)');
    await queryRunner.query(
      `CREATE INDEX notifications_dead ON notifications (dead_lettered_at DESC) WHERE state = 'dead_lettered'`,
    );
    await queryRunner.query(`
      CREATE TABLE notification_attempts (
        id bigserial PRIMARY KEY,
        notification_id uuid NOT NULL REFERENCES notifications (id),
        attempt integer NOT NULL,
        attempted_at timestamptz NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('delivered', 'failed')),
        status_code integer,
        error text,
        duration_ms integer NOT NULL,
        UNIQUE (notification_id, attempt)
      )`);
    await queryRunner.query(`
      CREATE TABLE stream_entries (
        id bigserial PRIMARY KEY,
        department_id text NOT NULL,
        event text NOT NULL,
        trigger_key text NOT NULL,
        data jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        UNIQUE (department_id, trigger_key)
      )`);
    await queryRunner.query('CREATE INDEX stream_entries_resume ON stream_entries (department_id, id)');
    await queryRunner.query(`
      CREATE TABLE sms_simulator_messages (
        id bigserial PRIMARY KEY,
        notification_id uuid NOT NULL,
        to_phone text NOT NULL,
        template text NOT NULL,
        text text NOT NULL,
        sent_at timestamptz NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX sms_simulator_by_phone ON sms_simulator_messages (to_phone, id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'sms_simulator_messages',
      'stream_entries',
      'notification_attempts',
      'notifications',
      'department_webhooks',
      'directory_contacts',
      'centers',
    ])
      await queryRunner.query(`DROP TABLE ${table}`);
    await queryRunner.query('ALTER TABLE summons DROP COLUMN center_id');
  }
}

/** Where the liaison was when it reported on site (DepartmentArrived v2). */
export class SummonsArrivalLocation1764700003000 implements MigrationInterface {
  name = 'SummonsArrivalLocation1764700003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE summons ADD COLUMN arrival_location jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE summons DROP COLUMN arrival_location');
  }
}

/**
 * The trace a notification was planned in (its W3C traceparent), so the delivery worker's attempt,
 * made later and in another transaction, is a span of the same trace (issue #21).
 */
export class NotificationTraceparent1764800003000 implements MigrationInterface {
  name = 'NotificationTraceparent1764800003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notifications ADD COLUMN traceparent text');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notifications DROP COLUMN traceparent');
  }
}

/**
 * Webhook secrets are kept encrypted under the personal-data key ring (`secret_sealed`); `secret`
 * holds only those stored before, until the next start seals them (DirectoryRepository).
 */
export class WebhookSecretsSealed1764800004000 implements MigrationInterface {
  name = 'WebhookSecretsSealed1764800004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE department_webhooks ADD COLUMN secret_sealed text, ALTER COLUMN secret DROP NOT NULL',
    );
    await queryRunner.query(
      'ALTER TABLE department_webhooks ADD CONSTRAINT webhook_secret_once CHECK ((secret IS NULL) <> (secret_sealed IS NULL))',
    );
  }

  async down(): Promise<void> {
    throw new Error('sealed webhook secrets cannot be unsealed by a migration');
  }
}

/**
 * Where each case sits in the center tree (CaseRegistered's center path, district → town →
 * village), so operators' and supervisors' reads of summons and streams keep to their center and
 * the centers below it (issue 16). WhistleBlown names only the whistling center, not its path.
 */
export const DepartmentKnownCases1764900003000 = knownCasesMigration('DepartmentKnownCases1764900003000');

/**
 * Issue 20 item 3: the operator stands a summons down (`stood_down`, when and why), and its
 * liaison is told (a `stood_down` notification).
 */
export class SummonsStandDown1765000003000 implements MigrationInterface {
  name = 'SummonsStandDown1765000003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE summons
        ADD COLUMN stood_down_at timestamptz,
        ADD COLUMN stand_down_reason text,
        DROP CONSTRAINT summons_status_check,
        ADD CONSTRAINT summons_status_check
          CHECK (status IN ('notified', 'acknowledged', 'arrived', 'declined', 'stood_down')),
        ADD CONSTRAINT summons_stood_down_when
          CHECK ((status = 'stood_down') = (stood_down_at IS NOT NULL AND stand_down_reason IS NOT NULL))`);
    await queryRunner.query(`
      ALTER TABLE notifications
        DROP CONSTRAINT notifications_trigger_kind_check,
        ADD CONSTRAINT notifications_trigger_kind_check
          CHECK (trigger_kind IN ('summons', 'warning', 'escalation', 'stood_down'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE notifications
        DROP CONSTRAINT notifications_trigger_kind_check,
        ADD CONSTRAINT notifications_trigger_kind_check
          CHECK (trigger_kind IN ('summons', 'warning', 'escalation'))`);
    await queryRunner.query(`
      ALTER TABLE summons
        DROP CONSTRAINT summons_stood_down_when,
        DROP CONSTRAINT summons_status_check,
        ADD CONSTRAINT summons_status_check CHECK (status IN ('notified', 'acknowledged', 'arrived', 'declined')),
        DROP COLUMN stood_down_at,
        DROP COLUMN stand_down_reason`);
  }
}

export const departmentMigrations = [
  DepartmentSchema1732400003000,
  DepartmentNotifications1732400003100,
  SummonsArrivalLocation1764700003000,
  NotificationTraceparent1764800003000,
  WebhookSecretsSealed1764800004000,
  DepartmentKnownCases1764900003000,
  SummonsStandDown1765000003000,
  DepartmentWebhookHealth1765000009000,
  DutyRosters1765200003270,
  SummonsMovements1765300000000,
  SmsRepliesAndThrottle1765400000000,
  SmsPhoneLease1765500000000,
  NotificationLease1765600000000,
];
