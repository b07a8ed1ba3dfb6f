import type { MigrationInterface, QueryRunner } from 'typeorm';
import { createKnownCasesTable } from '@chuishao/persistence';

export class SlaTimerSchema1732400004000 implements MigrationInterface {
  name = 'SlaTimerSchema1732400004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    // The generic timer table: any deadline of the system (arrival SLA, mediation ladder, judicial
    // windows) is a row of a kind, for a subject, due at a moment. One live timer per kind and
    // subject: arming again re-arms the row and bumps its generation (the fencing number).
    await queryRunner.query(`
      CREATE TABLE timers (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        subject text NOT NULL,
        due_at timestamptz NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}',
        generation integer NOT NULL DEFAULT 1,
        state text NOT NULL CHECK (state IN ('armed', 'fired', 'cancelled')),
        armed_at timestamptz NOT NULL,
        fired_at timestamptz,
        lateness_ms integer,
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        UNIQUE (kind, subject)
      )`);
    await queryRunner.query(`CREATE INDEX timers_armed_due ON timers (due_at) WHERE state = 'armed'`);
    await queryRunner.query(`CREATE INDEX timers_subject ON timers (subject)`);

    await queryRunner.query(createKnownCasesTable);
    await queryRunner.query(`
      CREATE TABLE summons_sla (
        summons_id uuid PRIMARY KEY,
        whistle_id uuid NOT NULL,
        case_id uuid NOT NULL,
        center_id text NOT NULL,
        department_id text NOT NULL,
        department_name text NOT NULL,
        summoned_at timestamptz NOT NULL,
        deadline timestamptz NOT NULL,
        policy jsonb NOT NULL,
        state text NOT NULL CHECK (state IN ('running', 'met', 'breached', 'late', 'withdrawn')),
        acknowledged_at timestamptz,
        arrived_at timestamptz,
        warned_at timestamptz,
        breach_id uuid,
        escalation_level integer NOT NULL DEFAULT 0,
        correlation_id text NOT NULL,
        causation_id text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX summons_sla_whistle ON summons_sla (whistle_id)`);
    await queryRunner.query(`CREATE INDEX summons_sla_summoned ON summons_sla (summoned_at)`);
    await queryRunner.query(`
      CREATE TABLE breaches (
        id uuid PRIMARY KEY,
        summons_id uuid NOT NULL UNIQUE REFERENCES summons_sla (summons_id),
        whistle_id uuid NOT NULL,
        case_id uuid NOT NULL,
        center_id text NOT NULL,
        department_id text NOT NULL,
        deadline timestamptz NOT NULL,
        breached_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'retracted', 'late', 'withdrawn')),
        arrived_at timestamptz,
        lateness_seconds integer,
        closed_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX breaches_open ON breaches (breached_at) WHERE state = 'open'`);
    await queryRunner.query(`
      CREATE TABLE escalations (
        id uuid PRIMARY KEY,
        breach_id uuid NOT NULL REFERENCES breaches (id),
        summons_id uuid NOT NULL,
        whistle_id uuid NOT NULL,
        case_id uuid NOT NULL,
        department_id text NOT NULL,
        level integer NOT NULL,
        target_kind text NOT NULL,
        target_id text NOT NULL,
        raised_at timestamptz NOT NULL,
        state text NOT NULL CHECK (state IN ('open', 'acknowledged', 'withdrawn')),
        acknowledged_at timestamptz,
        acknowledged_by text,
        note text,
        UNIQUE (breach_id, level)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['escalations', 'breaches', 'summons_sla', 'known_cases', 'timers'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}

/**
 * A department's answer can overtake its whistle (they come on different topics): it is kept
 * here and applied when the summons becomes known.
 */
export class SlaTimerEarlyResponses1732400004001 implements MigrationInterface {
  name = 'SlaTimerEarlyResponses1732400004001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE early_responses (
        summons_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('acknowledged', 'arrived', 'declined')),
        at timestamptz NOT NULL,
        event_id uuid NOT NULL,
        correlation_id text NOT NULL,
        PRIMARY KEY (summons_id, kind)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE early_responses');
  }
}
/** /metrics counts and ages the open escalations at every scrape: a small index keeps that cheap. */
export class SlaTimerOpenEscalationsIndex1732400004002 implements MigrationInterface {
  name = 'SlaTimerOpenEscalationsIndex1732400004002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX escalations_open ON escalations (raised_at) WHERE state = 'open'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX escalations_open');
  }
}

/**
 * Issue 20 item 2: escalation policies as data, one per (center, dispute type), either left open
 * ('*'). `scope` is that pair as one key, so a PUT of the same scope replaces the row.
 */
export class SlaTimerEscalationPolicies1796400002000 implements MigrationInterface {
  name = 'SlaTimerEscalationPolicies1796400002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE escalation_policies (
        scope text PRIMARY KEY,
        center_id text,
        dispute_type text,
        policy jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE escalation_policies');
  }
}

export const slaTimerMigrations = [
  SlaTimerSchema1732400004000,
  SlaTimerEarlyResponses1732400004001,
  SlaTimerOpenEscalationsIndex1732400004002,
  SlaTimerEscalationPolicies1796400002000,
];
