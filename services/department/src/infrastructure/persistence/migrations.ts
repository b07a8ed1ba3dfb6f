import type { MigrationInterface, QueryRunner } from 'typeorm';

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

export const departmentMigrations = [DepartmentSchema1732400003000];
