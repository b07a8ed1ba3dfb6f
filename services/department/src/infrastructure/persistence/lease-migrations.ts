import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 22: a delivery attempt holds a lease, not a transaction (delivery-claims.ts). A phone's
 * lease says that a text to it is in flight: no other lane texts the phone, nor hands out its reply
 * codes, until the attempt is settled or the lease runs out (a crashed attempt). The notifications'
 * own lease is their `next_attempt_at`, pushed to the lease's end by the claim.
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
