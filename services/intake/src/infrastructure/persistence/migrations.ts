import type { MigrationInterface, QueryRunner } from 'typeorm';
import { CaseEvidence1765100001000, CasePlace1765300002000 } from './case-record-migrations';

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

/**
 * Parties' ID numbers and phones at rest: ciphertext (with its key id) and a keyed search hash
 * for each. The masked columns stay: lists and events show those without any decryption. Rows
 * written before this migration only ever had masked values, so there is nothing to backfill.
 */
export class PartyPersonalDataEncrypted1732400002000 implements MigrationInterface {
  name = 'PartyPersonalDataEncrypted1732400002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE parties
        ADD COLUMN id_number_encrypted text,
        ADD COLUMN id_number_hash text,
        ADD COLUMN phone_encrypted text,
        ADD COLUMN phone_hash text`);
    await queryRunner.query(
      'CREATE INDEX parties_by_id_number_hash ON parties (id_number_hash) WHERE id_number_hash IS NOT NULL',
    );
    await queryRunner.query(
      'CREATE INDEX parties_by_phone_hash ON parties (phone_hash) WHERE phone_hash IS NOT NULL',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX parties_by_phone_hash');
    await queryRunner.query('DROP INDEX parties_by_id_number_hash');
    await queryRunner.query(`
      ALTER TABLE parties
        DROP COLUMN phone_hash,
        DROP COLUMN phone_encrypted,
        DROP COLUMN id_number_hash,
        DROP COLUMN id_number_encrypted`);
  }
}

/**
 * The audit trail of a case across services: one row per event of any type about it, read from
 * the topics. No foreign key to `cases`: another service's event may arrive before intake has
 * read back its own CaseRegistered.
 */
export class CaseTrail1732400003000 implements MigrationInterface {
  name = 'CaseTrail1732400003000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_trail (
        event_id       uuid PRIMARY KEY,
        case_id        uuid NOT NULL,
        type           text NOT NULL,
        version        integer NOT NULL,
        topic          text NOT NULL,
        occurred_at    timestamptz NOT NULL,
        actor_role     text NOT NULL,
        actor_id       text NOT NULL,
        correlation_id text NOT NULL,
        causation_id   text,
        summary        text NOT NULL,
        recorded_at    timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX case_trail_by_case ON case_trail (case_id, occurred_at, event_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE case_trail');
  }
}

/**
 * Repeat petitions (重复来访): a case linked by a clerk to an earlier one. A pair is linked once,
 * whichever way round (the unique index on the unordered pair), and never to itself. The index
 * by the earlier case serves the case read, which shows links both ways.
 */
export class CaseLinks1732400004000 implements MigrationInterface {
  name = 'CaseLinks1732400004000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_links (
        case_id        uuid NOT NULL REFERENCES cases (id),
        linked_case_id uuid NOT NULL REFERENCES cases (id),
        matched_by     text[] NOT NULL,
        reason         text,
        linked_at      timestamptz NOT NULL,
        linked_by_role text NOT NULL,
        linked_by_id   text NOT NULL,
        PRIMARY KEY (case_id, linked_case_id),
        CHECK (case_id <> linked_case_id)
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX case_links_pair ON case_links (LEAST(case_id, linked_case_id), GREATEST(case_id, linked_case_id))',
    );
    await queryRunner.query('CREATE INDEX case_links_by_linked_case ON case_links (linked_case_id)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE case_links');
  }
}

/**
 * The follow-up after a closing (回访, issue #19 item 2): when the latest closing's follow-up is
 * due and when it was answered (one answer per closing; a new closing clears it).
 */
export class CaseFollowUp1732400005000 implements MigrationInterface {
  name = 'CaseFollowUp1732400005000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'ALTER TABLE cases ADD COLUMN follow_up_due_at timestamptz, ADD COLUMN followed_up_at timestamptz',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE cases DROP COLUMN follow_up_due_at, DROP COLUMN followed_up_at');
  }
}

/**
 * The one-time links a party answers a follow-up by (回访 by SMS): the token's SHA-256 only, one
 * link per case and closing, valid until the follow-up is due, used once.
 */
export class FollowUpLinks1732400006000 implements MigrationInterface {
  name = 'FollowUpLinks1732400006000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE follow_up_links (
        token_hash text PRIMARY KEY,
        case_id    uuid NOT NULL REFERENCES cases (id),
        closed_at  timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at    timestamptz,
        UNIQUE (case_id, closed_at)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE follow_up_links');
  }
}

/**
 * Open311 GeoReport v2 intake: the clients allowed to submit (a city's 12345 front end, a
 * resident app), each with the SHA-256 of its API key only and the center its requests go to;
 * and, per case submitted through Open311, what the request said that a case has no column for
 * (service code, location, the resident's description) and the fingerprint of its content, so
 * a client that sends the same request twice in a short while gets the first one back.
 */
export class Open311Intake1732400007311 implements MigrationInterface {
  name = 'Open311Intake1732400007311';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE open311_clients (
        id         uuid PRIMARY KEY,
        name       text NOT NULL,
        center_id  text NOT NULL REFERENCES centers (id),
        key_hash   text NOT NULL UNIQUE,
        issued_at  timestamptz NOT NULL,
        issued_by  text NOT NULL,
        revoked_at timestamptz
      )`);
    await queryRunner.query(`
      CREATE TABLE open311_requests (
        case_id        uuid PRIMARY KEY REFERENCES cases (id),
        client_id      uuid NOT NULL REFERENCES open311_clients (id),
        service_code   text NOT NULL,
        description    text,
        lat            double precision,
        long           double precision,
        address_string text,
        address_id     text,
        media_url      text,
        content_hash   text NOT NULL,
        requested_at   timestamptz NOT NULL
      )`);
    await queryRunner.query(
      'CREATE INDEX open311_requests_by_client ON open311_requests (client_id, requested_at DESC)',
    );
    await queryRunner.query(
      'CREATE INDEX open311_requests_by_content ON open311_requests (client_id, content_hash, requested_at DESC)',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE open311_requests');
    await queryRunner.query('DROP TABLE open311_clients');
  }
}

export const intakeMigrations = [
  IntakeSchema1732400001000,
  PartyPersonalDataEncrypted1732400002000,
  CaseTrail1732400003000,
  CaseLinks1732400004000,
  CaseFollowUp1732400005000,
  FollowUpLinks1732400006000,
  Open311Intake1732400007311,
  CaseEvidence1765100001000,
  CasePlace1765300002000,
];
