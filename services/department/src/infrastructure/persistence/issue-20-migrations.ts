import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 20's migrations of the department beside its summons: webhook health (item 7) and
// the people on the move (item 4). Listed in order in migrations.ts.

/**
 * Issue 20 item 7: each department webhook's run of failed attempts, and the outage announced
 * once it reached the threshold (domain/webhook-health.ts). A row only for a webhook that failed.
 */
export class DepartmentWebhookHealth1765000009000 implements MigrationInterface {
  name = 'DepartmentWebhookHealth1765000009000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE webhook_health (
        department_id text PRIMARY KEY,
        consecutive_failures integer NOT NULL CHECK (consecutive_failures >= 0),
        failing_since timestamptz,
        outage_since timestamptz,
        last_error text,
        CHECK (outage_since IS NULL OR failing_since IS NOT NULL)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE webhook_health');
  }
}

/**
 * Issue 20 item 4: a summons' people on the move (domain/movement.ts): set off with an ETA, left
 * the scene. A row only for a summons whose liaison reported either.
 */
export class SummonsMovements1765300000000 implements MigrationInterface {
  name = 'SummonsMovements1765300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE summons_movements (
        summons_id uuid PRIMARY KEY REFERENCES summons (id),
        en_route_at timestamptz,
        eta_at timestamptz,
        left_at timestamptz,
        CHECK ((en_route_at IS NULL) = (eta_at IS NULL))
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE summons_movements');
  }
}

/**
 * Issue 20 item 5: texts throttled and bundled per phone, answered by reply code. `sms_phones`
 * is also each phone's lock: the delivery worker takes its row before texting it.
 */
export class SmsRepliesAndThrottle1765400000000 implements MigrationInterface {
  name = 'SmsRepliesAndThrottle1765400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sms_phones (
        phone text PRIMARY KEY,
        recent_sends timestamptz[] NOT NULL DEFAULT '{}',
        last_reply_code integer NOT NULL DEFAULT 0 CHECK (last_reply_code BETWEEN 0 AND 99)
      )`);
    await queryRunner.query(`
      CREATE TABLE sms_reply_codes (
        phone text NOT NULL,
        code integer NOT NULL CHECK (code BETWEEN 1 AND 99),
        summons_id uuid NOT NULL,
        notification_id uuid NOT NULL UNIQUE,
        recipient text NOT NULL,
        assigned_at timestamptz NOT NULL,
        PRIMARY KEY (phone, code)
      )`);
    await queryRunner.query(`
      CREATE TABLE sms_replies (
        message_id text PRIMARY KEY,
        seq bigserial NOT NULL,
        received_at timestamptz NOT NULL,
        sender_masked text NOT NULL,
        text text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('applied', 'refused')),
        code text,
        action text CHECK (action IN ('acknowledge', 'arrive')),
        summons_id uuid,
        contact_id text
      )`);
    await queryRunner.query('CREATE INDEX sms_replies_recent ON sms_replies (seq DESC)');
    // What waits for one phone is found by its address (bundling, holding back).
    await queryRunner.query(`
      CREATE INDEX notifications_sms_pending ON notifications (address, next_attempt_at)
        WHERE state = 'pending' AND channel = 'sms'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX notifications_sms_pending');
    await queryRunner.query('DROP TABLE sms_replies');
    await queryRunner.query('DROP TABLE sms_reply_codes');
    await queryRunner.query('DROP TABLE sms_phones');
  }
}
