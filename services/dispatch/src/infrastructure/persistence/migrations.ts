import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DispatchSchema1732400002000 implements MigrationInterface {
  name = 'DispatchSchema1732400002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE known_cases (
        case_id uuid PRIMARY KEY,
        case_no text NOT NULL,
        center_id text NOT NULL,
        center_path text[] NOT NULL,
        dispute_type text NOT NULL,
        urgency text NOT NULL,
        closed boolean NOT NULL DEFAULT false
      )`);
    await queryRunner.query(`
      CREATE TABLE routing_rules (
        dispute_type text PRIMARY KEY,
        department_kinds text[] NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE whistles (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES known_cases (case_id),
        case_no text NOT NULL,
        center_id text NOT NULL,
        status text NOT NULL CHECK (status IN ('open', 'completed')),
        reason text,
        sla_seconds integer NOT NULL,
        blown_at timestamptz NOT NULL,
        arrival_deadline timestamptz NOT NULL,
        completed_at timestamptz
      )`);
    // At most one open whistle per case: the database, not just the code, keeps that promise.
    await queryRunner.query(
      `CREATE UNIQUE INDEX one_open_whistle_per_case ON whistles (case_id) WHERE status = 'open'`,
    );
    await queryRunner.query(`
      CREATE TABLE whistle_summons (
        id uuid PRIMARY KEY,
        whistle_id uuid NOT NULL REFERENCES whistles (id),
        position integer NOT NULL,
        department_id text NOT NULL,
        department_name text NOT NULL,
        department_kind text NOT NULL,
        status text NOT NULL,
        arrival_deadline timestamptz NOT NULL,
        acknowledged_at timestamptz,
        arrived_at timestamptz,
        declined_at timestamptz,
        decline_reason text,
        replaced_by_summons_id uuid,
        UNIQUE (whistle_id, position)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE whistle_summons');
    await queryRunner.query('DROP TABLE whistles');
    await queryRunner.query('DROP TABLE routing_rules');
    await queryRunner.query('DROP TABLE known_cases');
  }
}

/** Issue 20 item 3: an operator stands a summons down, and says why. */
export class SummonsStandDown1764900002000 implements MigrationInterface {
  name = 'SummonsStandDown1764900002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE whistle_summons
        ADD COLUMN stood_down_at timestamptz,
        ADD COLUMN stand_down_reason text`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE whistle_summons DROP COLUMN stood_down_at, DROP COLUMN stand_down_reason',
    );
  }
}

export const dispatchMigrations = [DispatchSchema1732400002000, SummonsStandDown1764900002000];
