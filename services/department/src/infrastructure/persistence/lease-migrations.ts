import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22: a delivery attempt holds a lease, not a transaction (delivery-claims.ts). A phone's
 * lease says that a text to it is in flight: no other lane texts the phone, nor hands out its reply
 * codes, until the attempt is settled or the lease runs out (a crashed attempt).
 */
export class SmsPhoneLease1765500000000 implements MigrationInterface {
  name = 'SmsPhoneLease1765500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE sms_phones ADD COLUMN leased_until timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE sms_phones DROP COLUMN leased_until');
  }
}

/**
 * A notification's own lease, on the database's clock like the phone's (the brief: deadlines
 * between processes use the database's clock). It was its `next_attempt_at` pushed to the lease's
 * end, on the claiming worker's clock, which also showed a leased notification's next attempt as
 * the lease's end. `next_attempt_at` is again only when the next attempt is due.
 */
export class NotificationLease1765600000000 implements MigrationInterface {
  name = 'NotificationLease1765600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notifications ADD COLUMN leased_until timestamptz');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE notifications DROP COLUMN leased_until');
  }
}
