import type { MigrationInterface, QueryRunner } from 'typeorm';

// What a case record gained in issues 19 and 20: its evidence and its place. Listed in order
// in migrations.ts.

/**
 * Photos and documents attached to a case (证据): what the bytes are (by their content), how many,
 * their SHA-256, the name they came with, who attached them and when. The bytes are in the object
 * store under `storage_key`; the row is written after them, so no row points at nothing.
 */
export class CaseEvidence1765100001000 implements MigrationInterface {
  name = 'CaseEvidence1765100001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE case_evidence (
        id               uuid PRIMARY KEY,
        case_id          uuid NOT NULL REFERENCES cases (id),
        media_type       text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'application/pdf')),
        byte_size        integer NOT NULL CHECK (byte_size > 0),
        sha256           text NOT NULL,
        name             text,
        storage_key      text NOT NULL UNIQUE,
        attached_at      timestamptz NOT NULL,
        attached_by_role text NOT NULL,
        attached_by_id   text NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX case_evidence_by_case ON case_evidence (case_id, attached_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE case_evidence');
  }
}

/** Issue 20 item 4: where the dispute is (address and position), when the window or Open311 gave it. */
export class CasePlace1765300002000 implements MigrationInterface {
  name = 'CasePlace1765300002000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE cases ADD COLUMN place jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE cases DROP COLUMN place');
  }
}
