import { AuditLogTable1732400000002 } from '@chuishao/persistence';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Outbox and inbox tables, created in the service's own schema (search_path). Each service lists
 * this migration before its own.
 */
export class MessagingTables1732400000000 implements MigrationInterface {
  name = 'MessagingTables1732400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outbox (
        seq           bigserial PRIMARY KEY,
        event_id      uuid NOT NULL UNIQUE,
        topic         text NOT NULL,
        message_key   text NOT NULL,
        event_type    text NOT NULL,
        envelope      jsonb NOT NULL,
        headers       jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at    timestamptz NOT NULL DEFAULT now(),
        published_at  timestamptz,
        attempts      integer NOT NULL DEFAULT 0,
        last_error    text
      )`);
    await queryRunner.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE inbox (
        consumer      text NOT NULL,
        event_id      uuid NOT NULL,
        event_type    text NOT NULL,
        topic         text NOT NULL,
        kafka_partition integer NOT NULL,
        kafka_offset  bigint NOT NULL,
        handled_at    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE inbox');
    await queryRunner.query('DROP TABLE outbox');
  }
}

/**
 * Whether an inbox row is an applied effect or an event passed over by code that did not know
 * its type (a rolling deploy): a skipped row does not stop newer code from handling it later.
 */
export class InboxOutcome1764700000000 implements MigrationInterface {
  name = 'InboxOutcome1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE inbox ADD COLUMN outcome text NOT NULL DEFAULT 'handled'
         CHECK (outcome IN ('handled', 'skipped'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE inbox DROP COLUMN outcome');
  }
}

/**
 * The outbox in commit order, and a place to set aside what Kafka refuses for good:
 * - `txid`: the writing transaction's id (`pg_current_xact_id()`). The relay publishes only rows
 *   whose transaction is older than the oldest one still running that may write it (see
 *   `outbox/committed-rows.ts`), in `(txid, seq)` order, so a row
 *   that commits late can never be overtaken by one published before it committed.
 * - `set_aside_at`: a row Kafka will never take (too large); it no longer blocks the rest.
 */
export class OutboxCommitOrder1764700000001 implements MigrationInterface {
  name = 'OutboxCommitOrder1764700000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE outbox ADD COLUMN txid xid8 NOT NULL DEFAULT pg_current_xact_id(),
         ADD COLUMN set_aside_at timestamptz`,
    );
    await queryRunner.query('DROP INDEX outbox_unpublished');
    await queryRunner.query(
      `CREATE INDEX outbox_unpublished ON outbox (txid, seq) WHERE published_at IS NULL AND set_aside_at IS NULL`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX outbox_unpublished');
    await queryRunner.query('ALTER TABLE outbox DROP COLUMN txid, DROP COLUMN set_aside_at');
    await queryRunner.query(`CREATE INDEX outbox_unpublished ON outbox (seq) WHERE published_at IS NULL`);
  }
}

export const messagingMigrations = [
  MessagingTables1732400000000,
  AuditLogTable1732400000002,
  InboxOutcome1764700000000,
  OutboxCommitOrder1764700000001,
];
