import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Duty rosters (issue 20 item 1): one rotation per department, its overrides (kept when
 * cancelled, for the record), and each liaison's calendar feed token, stored as a hash only.
 */
export class DutyRosters1765200003270 implements MigrationInterface {
  name = 'DutyRosters1765200003270';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE duty_rosters (
        department_id text PRIMARY KEY,
        contact_ids text[] NOT NULL CHECK (cardinality(contact_ids) > 0),
        shift text NOT NULL CHECK (shift IN ('daily', 'weekly')),
        handover text NOT NULL,
        start_date date NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE duty_roster_overrides (
        id uuid PRIMARY KEY,
        department_id text NOT NULL,
        contact_id text NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL CHECK (ends_at > starts_at),
        reason text,
        created_at timestamptz NOT NULL,
        cancelled_at timestamptz
      )`);
    await queryRunner.query(
      'CREATE INDEX duty_roster_overrides_by_department ON duty_roster_overrides (department_id, ends_at)',
    );
    await queryRunner.query(`
      CREATE TABLE duty_feed_tokens (
        department_id text NOT NULL,
        contact_id text NOT NULL,
        token_hash text NOT NULL UNIQUE,
        issued_at timestamptz NOT NULL,
        PRIMARY KEY (department_id, contact_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE duty_feed_tokens');
    await queryRunner.query('DROP TABLE duty_roster_overrides');
    await queryRunner.query('DROP TABLE duty_rosters');
  }
}
