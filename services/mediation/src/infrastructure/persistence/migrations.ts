import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MediationSchema1732400005000 implements MigrationInterface {
  name = 'MediationSchema1732400005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // What mediation needs of a case: its parties' names (who must sign) and its center (whose
    // default mediator takes it). Never ID numbers or phones.
    await queryRunner.query(`
      CREATE TABLE known_cases (
        case_id uuid PRIMARY KEY,
        case_no text NOT NULL,
        center_id text NOT NULL,
        parties text[] NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE mediations (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        whistle_id uuid UNIQUE,
        opened_by text NOT NULL CHECK (opened_by IN ('whistle', 'hand')),
        mediator_id text,
        participants text[] NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'agreed', 'failed')),
        levels jsonb NOT NULL,
        session_count integer NOT NULL DEFAULT 0,
        opened_at timestamptz NOT NULL,
        closed_at timestamptz,
        failure jsonb,
        agreement_id uuid
      )`);
    // One mediation at a time per case: a second whistle completing, or a mediator opening by
    // hand while one runs, must not start a parallel one.
    await queryRunner.query(
      `CREATE UNIQUE INDEX mediations_one_open_per_case ON mediations (case_id) WHERE state = 'open'`,
    );
    await queryRunner.query(`CREATE INDEX mediations_case ON mediations (case_id, opened_at)`);
    await queryRunner.query(`
      CREATE TABLE mediation_sessions (
        id uuid PRIMARY KEY,
        mediation_id uuid NOT NULL REFERENCES mediations (id),
        mediator_id text NOT NULL,
        started_at timestamptz NOT NULL,
        ended_at timestamptz NOT NULL,
        participants text[] NOT NULL,
        approach_level text NOT NULL,
        tier_level text NOT NULL,
        notes text,
        recorded_at timestamptz NOT NULL
      )`);
    await queryRunner.query(
      `CREATE INDEX mediation_sessions_mediation ON mediation_sessions (mediation_id, started_at)`,
    );
    await queryRunner.query(`
      CREATE TABLE agreements (
        id uuid PRIMARY KEY,
        mediation_id uuid NOT NULL UNIQUE REFERENCES mediations (id),
        case_id uuid NOT NULL,
        content jsonb NOT NULL,
        effective_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['agreements', 'mediation_sessions', 'mediations', 'known_cases'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}

/** The mediation's time limit (one month on the legal calendar by default), kept from opening. */
export class MediationTimeLimit1764662500000 implements MigrationInterface {
  name = 'MediationTimeLimit1764662500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE mediations ADD COLUMN time_limit_due_at timestamptz, ADD COLUMN time_limit_missed_at timestamptz',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE mediations DROP COLUMN time_limit_due_at, DROP COLUMN time_limit_missed_at',
    );
  }
}

/** The case's center path, so a supervisor's reach over a mediation can be told (issue 16). */
export class KnownCaseCenterPath1764665000000 implements MigrationInterface {
  name = 'KnownCaseCenterPath1764665000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE known_cases ADD COLUMN center_path text[]');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE known_cases DROP COLUMN center_path');
  }
}

/**
 * The agreement's performance (People's Mediation Law art. 31): its deadline and latest outcome on
 * the mediation (the decider's state), and every check as a row. The deadline of agreements made
 * before is copied from their content.
 */
export class AgreementPerformance1796230000000 implements MigrationInterface {
  name = 'AgreementPerformance1796230000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE mediations
        ADD COLUMN performance_due_at timestamptz,
        ADD COLUMN performance text CHECK (performance IN ('performed', 'partly-performed', 'not-performed'))`);
    await queryRunner.query(`
      UPDATE mediations m SET performance_due_at = (a.content -> 'performance' ->> 'deadline')::timestamptz
        FROM agreements a WHERE a.mediation_id = m.id`);
    await queryRunner.query(`
      CREATE TABLE agreement_performance_records (
        id uuid PRIMARY KEY,
        mediation_id uuid NOT NULL REFERENCES mediations (id),
        agreement_id uuid NOT NULL REFERENCES agreements (id),
        outcome text NOT NULL CHECK (outcome IN ('performed', 'partly-performed', 'not-performed')),
        note text,
        remedies text[] NOT NULL,
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL,
        seq bigint GENERATED ALWAYS AS IDENTITY
      )`);
    // Read in the order recorded (two checks may share a clock reading; seq never does).
    await queryRunner.query(
      'CREATE INDEX agreement_performance_records_mediation ON agreement_performance_records (mediation_id, seq)',
    );
    // "Performed" is final: the decider says so, and the database holds to it as well.
    await queryRunner.query(
      `CREATE UNIQUE INDEX agreement_performed_once ON agreement_performance_records (agreement_id) WHERE outcome = 'performed'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE agreement_performance_records');
    await queryRunner.query('ALTER TABLE mediations DROP COLUMN performance_due_at, DROP COLUMN performance');
  }
}

/**
 * The holiday schedules ops loads into judicial-confirmation, as HolidayScheduleLoaded brings them
 * (issue 19 item 4: one load counts for the mediation limit and ladder too); one row per year.
 */
export class MediationHolidaySchedules1796300001000 implements MigrationInterface {
  name = 'MediationHolidaySchedules1796300001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE holiday_schedules (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        source text NOT NULL,
        holidays jsonb NOT NULL,
        make_up_workdays jsonb NOT NULL,
        loaded_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE holiday_schedules');
  }
}

/**
 * Photos and documents attached to a mediation (证据): what the bytes are (by their content), how
 * many, their SHA-256, the name they came with, who attached them and when. The bytes are in the
 * object store under `storage_key`; the row is written after them, so no row points at nothing.
 */
export class MediationEvidence1796300000000 implements MigrationInterface {
  name = 'MediationEvidence1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE mediation_evidence (
        id               uuid PRIMARY KEY,
        mediation_id     uuid NOT NULL REFERENCES mediations (id),
        case_id          uuid NOT NULL,
        media_type       text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
        byte_size        integer NOT NULL CHECK (byte_size > 0),
        sha256           text NOT NULL,
        name             text,
        storage_key      text NOT NULL UNIQUE,
        attached_at      timestamptz NOT NULL,
        attached_by_role text NOT NULL,
        attached_by_id   text NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX mediation_evidence_by_mediation ON mediation_evidence (mediation_id, attached_at)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE mediation_evidence');
  }
}

export const mediationMigrations = [
  MediationSchema1732400005000,
  MediationTimeLimit1764662500000,
  KnownCaseCenterPath1764665000000,
  AgreementPerformance1796230000000,
  MediationEvidence1796300000000,
  MediationHolidaySchedules1796300001000,
];
