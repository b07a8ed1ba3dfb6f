import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The console's read models. Events of one case come on several topics in no guaranteed order,
 * so every row may be created by whichever event comes first: columns other than the key are
 * nullable and each event fills in only what it knows (first write of a moment wins).
 */
export class OpsConsoleReadModels1732400007000 implements MigrationInterface {
  name = 'OpsConsoleReadModels1732400007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_files (
        case_id uuid PRIMARY KEY,
        case_no text,
        center_id text,
        center_name text,
        dispute_type text,
        urgency text,
        summary text,
        status text,
        registered_at timestamptz,
        closed_at timestamptz,
        agreement_at timestamptz,
        mediation_failed_at timestamptz,
        confirmation text CHECK (confirmation IN ('granted', 'rejected')),
        last_event_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX case_files_last_event ON case_files (last_event_at DESC)`);
    // The generic timeline: every event of every type, one line each.
    await queryRunner.query(`
      CREATE TABLE timeline_entries (
        event_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        type text NOT NULL,
        version integer NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor_role text NOT NULL,
        actor_id text NOT NULL,
        summary text NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX timeline_entries_case ON timeline_entries (case_id, occurred_at)`);
    await queryRunner.query(`
      CREATE TABLE whistles (
        whistle_id uuid PRIMARY KEY,
        case_id uuid NOT NULL,
        case_no text,
        center_id text,
        blown_at timestamptz,
        arrival_deadline timestamptz,
        completed_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX whistles_open ON whistles (blown_at) WHERE completed_at IS NULL`);
    await queryRunner.query(`
      CREATE TABLE summons (
        summons_id uuid PRIMARY KEY,
        whistle_id uuid NOT NULL,
        case_id uuid NOT NULL,
        department_id text NOT NULL,
        department_name text,
        summoned_at timestamptz,
        deadline timestamptz,
        acknowledged_at timestamptz,
        arrived_at timestamptz,
        declined_at timestamptz,
        reassigned_at timestamptz,
        warned_at timestamptz,
        breached_at timestamptz,
        breach_retracted_at timestamptz
      )`);
    await queryRunner.query(`CREATE INDEX summons_whistle ON summons (whistle_id)`);
    await queryRunner.query(`CREATE INDEX summons_summoned ON summons (summoned_at)`);
    await queryRunner.query(`
      CREATE TABLE breaches (
        breach_id uuid PRIMARY KEY,
        summons_id uuid NOT NULL,
        whistle_id uuid NOT NULL,
        case_id uuid NOT NULL,
        department_id text NOT NULL,
        deadline timestamptz,
        breached_at timestamptz,
        retracted_at timestamptz,
        late_arrival_at timestamptz,
        lateness_seconds integer
      )`);
    await queryRunner.query(`CREATE INDEX breaches_breached ON breaches (breached_at DESC)`);
    await queryRunner.query(`
      CREATE TABLE escalations (
        escalation_id uuid PRIMARY KEY,
        breach_id uuid NOT NULL,
        summons_id uuid,
        whistle_id uuid,
        case_id uuid NOT NULL,
        department_id text,
        level integer NOT NULL,
        target_kind text,
        target_id text,
        raised_at timestamptz,
        acknowledged_at timestamptz,
        acknowledged_by text,
        note text
      )`);
    await queryRunner.query(`CREATE INDEX escalations_breach ON escalations (breach_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['escalations', 'breaches', 'summons', 'whistles', 'timeline_entries', 'case_files'])
      await queryRunner.query(`DROP TABLE ${table}`);
  }
}

/** Each case's center path (district → town → village, from CaseRegistered): whose console shows it. */
export class OpsConsoleCenterPaths1733100000000 implements MigrationInterface {
  name = 'OpsConsoleCenterPaths1733100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_files ADD COLUMN center_path text[]`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_files DROP COLUMN center_path`);
  }
}

/** The facts a timeline sentence is written from, in the reader's language (libs/contracts reading/case-facts). */
export class OpsConsoleTimelineFacts1733100001000 implements MigrationInterface {
  name = 'OpsConsoleTimelineFacts1733100001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE timeline_entries ADD COLUMN facts jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE timeline_entries DROP COLUMN facts`);
  }
}

/** When a referral last placed the case (CaseReferred): a later one wins, an earlier one never. */
export class OpsConsoleCasePlacement1733200000000 implements MigrationInterface {
  name = 'OpsConsoleCasePlacement1733200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_files ADD COLUMN placed_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_files DROP COLUMN placed_at`);
  }
}

/** Issue 20 item 3: when the operator stood a summons down (SummonsStoodDown). */
export class OpsConsoleSummonsStoodDown1765000007000 implements MigrationInterface {
  name = 'OpsConsoleSummonsStoodDown1765000007000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE summons ADD COLUMN stood_down_at timestamptz`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE summons DROP COLUMN stood_down_at`);
  }
}

/**
 * One row per closing's follow-up with the parties (回访, issue #19 item 2): when it is due
 * (FollowUpScheduled) and how it was answered (FollowUpRecorded), for the follow-up rates.
 */
export class OpsConsoleFollowUps1733300000000 implements MigrationInterface {
  name = 'OpsConsoleFollowUps1733300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE follow_ups (
        follow_up_id text PRIMARY KEY,
        case_id uuid NOT NULL,
        closed_at timestamptz NOT NULL,
        due_at timestamptz,
        answered_at timestamptz,
        channel text,
        answer text CHECK (answer IN ('satisfied', 'basically_satisfied', 'unsatisfied')),
        resolved boolean
      )`);
    await queryRunner.query(`CREATE INDEX follow_ups_closed ON follow_ups (closed_at)`);
    await queryRunner.query(`CREATE INDEX follow_ups_case ON follow_ups (case_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE follow_ups`);
  }
}

/** How many people came with each case (CaseRegistered headcount): the monthly report's person-visits (人次). */
export class OpsConsoleCaseHeadcount1733300001000 implements MigrationInterface {
  name = 'OpsConsoleCaseHeadcount1733300001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_files ADD COLUMN headcount integer`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE case_files DROP COLUMN headcount`);
  }
}

/**
 * Issue 20 item 7: the outages of the systems outside (a department's webhook, a court), from the
 * outside-health events; open while ended_at is null. Shown on the board and on /metrics.
 */
export class OpsConsoleOutsideOutages1765000010000 implements MigrationInterface {
  name = 'OpsConsoleOutsideOutages1765000010000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE outside_outages (
        party text NOT NULL CHECK (party IN ('department-webhook', 'court')),
        party_id text NOT NULL,
        since timestamptz NOT NULL,
        detected_at timestamptz,
        last_error text,
        ended_at timestamptz,
        PRIMARY KEY (party, party_id, since)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE outside_outages');
  }
}

/**
 * Issue 20 item 4: a summons' people on the way (with the latest ETA) and gone from the scene; the
 * case's place and each arrival's position, compared for the far-from-place flag.
 */
export class OpsConsoleSummonsMovements1765300001000 implements MigrationInterface {
  name = 'OpsConsoleSummonsMovements1765300001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE summons ADD COLUMN en_route_at timestamptz, ADD COLUMN eta_at timestamptz, ADD COLUMN left_at timestamptz',
    );
    // Where the dispute is and where each department said it was on site: far apart is flagged.
    await queryRunner.query(
      'ALTER TABLE case_files ADD COLUMN place_latitude double precision, ADD COLUMN place_longitude double precision',
    );
    await queryRunner.query(
      'ALTER TABLE summons ADD COLUMN arrival_latitude double precision, ADD COLUMN arrival_longitude double precision, ADD COLUMN arrival_accuracy_meters double precision',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE summons DROP COLUMN en_route_at, DROP COLUMN eta_at, DROP COLUMN left_at, DROP COLUMN arrival_latitude, DROP COLUMN arrival_longitude, DROP COLUMN arrival_accuracy_meters',
    );
    await queryRunner.query('ALTER TABLE case_files DROP COLUMN place_latitude, DROP COLUMN place_longitude');
  }
}

export const opsConsoleMigrations = [
  OpsConsoleReadModels1732400007000,
  OpsConsoleCenterPaths1733100000000,
  OpsConsoleTimelineFacts1733100001000,
  OpsConsoleCasePlacement1733200000000,
  OpsConsoleSummonsStoodDown1765000007000,
  OpsConsoleFollowUps1733300000000,
  OpsConsoleCaseHeadcount1733300001000,
  OpsConsoleOutsideOutages1765000010000,
  OpsConsoleSummonsMovements1765300001000,
];
