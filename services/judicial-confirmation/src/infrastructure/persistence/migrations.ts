import type { MigrationInterface, QueryRunner } from 'typeorm';
import { knownCasesMigration } from '@chuishao/persistence';

export class JudicialConfirmationSchema1732400006000 implements MigrationInterface {
  name = 'JudicialConfirmationSchema1732400006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE agreements (
        agreement_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        mediation_id uuid NOT NULL,
        parties jsonb NOT NULL,
        mediator_id text NOT NULL,
        matters jsonb NOT NULL,
        terms text NOT NULL,
        amount numeric,
        performance_deadline timestamptz,
        effective_at timestamptz NOT NULL,
        window_closes_at timestamptz NOT NULL,
        window_state text NOT NULL CHECK (window_state IN ('open', 'applied', 'missed')),
        correlation_id text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE confirmation_requests (
        request_id uuid PRIMARY KEY,
        agreement_id uuid NOT NULL REFERENCES agreements (agreement_id),
        case_id uuid NOT NULL,
        court_id text NOT NULL,
        consenting_parties jsonb NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL,
        status text NOT NULL
          CHECK (status IN ('submitting', 'submitted', 'accepted', 'refused', 'confirmed', 'rejected')),
        filing_id text,
        court_case_number text,
        reasons jsonb NOT NULL DEFAULT '[]',
        submit_attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz,
        last_error text,
        submitted_at timestamptz,
        accepted_at timestamptz,
        ruling_due_at timestamptz,
        ruling_extended boolean NOT NULL DEFAULT false,
        ruled_at timestamptz,
        correlation_id text NOT NULL
      )`);
    // One live application per agreement; after a refusal the parties may apply again.
    await queryRunner.query(
      `CREATE UNIQUE INDEX confirmation_requests_live ON confirmation_requests (agreement_id) WHERE status <> 'refused'`,
    );
    await queryRunner.query(
      `CREATE INDEX confirmation_requests_to_file ON confirmation_requests (next_attempt_at) WHERE status = 'submitting'`,
    );
    // Every court callback we acted on, so the same callback twice has one effect.
    await queryRunner.query(`
      CREATE TABLE court_callbacks (
        court_id text NOT NULL,
        callback_id text NOT NULL,
        request_id uuid NOT NULL,
        notice_type text NOT NULL,
        effect text NOT NULL,
        received_at timestamptz NOT NULL,
        PRIMARY KEY (court_id, callback_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['court_callbacks', 'confirmation_requests', 'agreements'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}

/**
 * Holiday schedules ops loaded (POST /holiday-schedules), one per year; they take the place of a
 * published one shipped with the legal calendar for the same year.
 */
export class HolidaySchedules1764662400000 implements MigrationInterface {
  name = 'HolidaySchedules1764662400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE holiday_schedules (
        year integer PRIMARY KEY CHECK (year BETWEEN 2000 AND 2100),
        source text NOT NULL,
        holidays jsonb NOT NULL,
        make_up_workdays jsonb NOT NULL,
        loaded_by text NOT NULL,
        loaded_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE holiday_schedules');
  }
}

/**
 * Where each case sits in the center tree (CaseRegistered's center path, district → town →
 * village), so a clerk's and a supervisor's reads keep to their centers (issue 16): an agreement
 * names its case, not the case's center.
 */
export const JudicialKnownCases1764900006000 = knownCasesMigration('JudicialKnownCases1764900006000');

/**
 * A confirmed agreement is enforceable: the last day a party may apply for enforcement (two years,
 * Civil Procedure Law art. 250; domain/enforcement.ts), kept on the confirmed request. Set all
 * three or none; requests confirmed before this column existed keep none.
 */
export class JudicialEnforcementWindow1796256000006 implements MigrationInterface {
  name = 'JudicialEnforcementWindow1796256000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE confirmation_requests
        ADD COLUMN enforcement_last_day text CHECK (enforcement_last_day ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'),
        ADD COLUMN enforcement_closes_at timestamptz,
        ADD COLUMN enforcement_counted_from text
          CHECK (enforcement_counted_from IN ('performance-deadline', 'ruling')),
        ADD CONSTRAINT confirmation_requests_enforcement_whole CHECK (
          (enforcement_last_day IS NULL) = (enforcement_closes_at IS NULL)
          AND (enforcement_last_day IS NULL) = (enforcement_counted_from IS NULL)
        )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE confirmation_requests
        DROP CONSTRAINT confirmation_requests_enforcement_whole,
        DROP COLUMN enforcement_last_day,
        DROP COLUMN enforcement_closes_at,
        DROP COLUMN enforcement_counted_from`);
  }
}

/**
 * Issue 20 item 7: each court's silence (filings unanswered since), and the outage announced once
 * it lasted long enough (domain/court-health.ts). A row only for a court that went silent.
 */
export class JudicialCourtHealth1796256000007 implements MigrationInterface {
  name = 'JudicialCourtHealth1796256000007';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE court_health (
        court_id text PRIMARY KEY,
        silent_since timestamptz,
        outage_since timestamptz,
        last_error text,
        CHECK (outage_since IS NULL OR silent_since IS NOT NULL)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE court_health');
  }
}

export const judicialConfirmationMigrations = [
  JudicialConfirmationSchema1732400006000,
  HolidaySchedules1764662400000,
  JudicialKnownCases1764900006000,
  JudicialEnforcementWindow1796256000006,
  JudicialCourtHealth1796256000007,
];
