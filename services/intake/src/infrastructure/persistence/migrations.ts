import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IntakeSchema1732400001000 implements MigrationInterface {
  name = 'IntakeSchema1732400001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE centers (
        id text PRIMARY KEY,
        code text NOT NULL UNIQUE,
        name text NOT NULL,
        name_zh text NOT NULL,
        tier text NOT NULL CHECK (tier IN ('district', 'town', 'village')),
        parent_id text REFERENCES centers (id)
      )`);
    await queryRunner.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY,
        case_no text NOT NULL UNIQUE,
        center_id text NOT NULL REFERENCES centers (id),
        channel text NOT NULL,
        dispute_type text NOT NULL,
        summary text NOT NULL,
        headcount integer NOT NULL CHECK (headcount > 0),
        urgency text NOT NULL,
        status text NOT NULL,
        registered_at timestamptz NOT NULL,
        status_changed_at timestamptz NOT NULL,
        closed_at timestamptz,
        close_reason text
      )`);
    await queryRunner.query(
      'CREATE INDEX cases_by_center_status ON cases (center_id, status, registered_at DESC)',
    );
    await queryRunner.query(`
      CREATE TABLE parties (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases (id),
        position integer NOT NULL,
        role text NOT NULL,
        name text NOT NULL,
        id_number_masked text,
        phone_masked text,
        UNIQUE (case_id, position)
      )`);
    await queryRunner.query(`
      CREATE TABLE case_number_sequences (
        center_id text NOT NULL,
        year integer NOT NULL,
        last_value integer NOT NULL,
        PRIMARY KEY (center_id, year)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE case_number_sequences');
    await queryRunner.query('DROP TABLE parties');
    await queryRunner.query('DROP TABLE cases');
    await queryRunner.query('DROP TABLE centers');
  }
}

export const intakeMigrations = [IntakeSchema1732400001000];
