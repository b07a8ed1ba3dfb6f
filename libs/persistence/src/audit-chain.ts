import { createHash } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log is hash-chained: each row stores the hash of the row before it (`prev_hash`) and
 * its own (`row_hash` = SHA-256 of prev_hash and the row's canonical text). Changing a row breaks
 * its own hash; removing one breaks the link of the row after it. The hash is computed by a
 * trigger, so every writer (AuditTrail, the outbox) is covered without knowing about it, and
 * verified in Node (`verifyAuditChain`), so a tampered database function cannot vouch for itself.
 */
export const GENESIS_HASH = '0'.repeat(64);

const UTC_MICROS = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

/**
 * The row's canonical text, the same SQL for the trigger (`NEW`) and the verifier (a table alias):
 * a JSON array, so no value can imitate a separator; times in UTC to the microsecond, so the
 * session's time zone never changes the text.
 */
export function canonicalAuditRowSql(row: string): string {
  return `jsonb_build_array(${row}.id,
    to_char(${row}.occurred_at AT TIME ZONE 'UTC', ${UTC_MICROS}),
    to_char(${row}.recorded_at AT TIME ZONE 'UTC', ${UTC_MICROS}),
    ${row}.actor_role, ${row}.actor_id, ${row}.action, ${row}.entity_type, ${row}.entity_id,
    ${row}.case_id, ${row}.event_id, ${row}.correlation_id, ${row}.request_id, ${row}.idempotency_key,
    ${row}.details)::text`;
}

export function auditRowHash(prevHash: string, canonical: string): string {
  return createHash('sha256')
    .update(prevHash + canonical, 'utf8')
    .digest('hex');
}

export class AuditLogHashChain1764800000000 implements MigrationInterface {
  name = 'AuditLogHashChain1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE audit_log ADD COLUMN prev_hash text, ADD COLUMN row_hash text');
    // Rows written before the chain existed are chained once, in id order, by their owner.
    await queryRunner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    await queryRunner.query(`
      DO $$
      DECLARE r record; previous text := '${GENESIS_HASH}'; hashed text;
      BEGIN
        FOR r IN SELECT a.id, ${canonicalAuditRowSql('a')} AS canonical FROM audit_log a ORDER BY a.id LOOP
          hashed := encode(sha256(convert_to(previous || r.canonical, 'UTF8')), 'hex');
          UPDATE audit_log SET prev_hash = previous, row_hash = hashed WHERE id = r.id;
          previous := hashed;
        END LOOP;
      END $$`);
    await queryRunner.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    await queryRunner.query(
      'ALTER TABLE audit_log ALTER prev_hash SET NOT NULL, ALTER row_hash SET NOT NULL',
    );
    // One writer at a time links a row (the lock lasts until its commit), and the row's id is
    // drawn after the lock, so id order is chain order even when transactions overlap.
    await queryRunner.query(`
      CREATE FUNCTION audit_log_link() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE previous text;
      BEGIN
        PERFORM pg_advisory_xact_lock(hashtext(TG_TABLE_SCHEMA || '.audit_log chain'));
        NEW.id := nextval(pg_get_serial_sequence(quote_ident(TG_TABLE_SCHEMA) || '.audit_log', 'id'));
        EXECUTE format('SELECT row_hash FROM %I.audit_log ORDER BY id DESC LIMIT 1', TG_TABLE_SCHEMA) INTO previous;
        NEW.prev_hash := coalesce(previous, '${GENESIS_HASH}');
        NEW.row_hash := encode(sha256(convert_to(NEW.prev_hash || ${canonicalAuditRowSql('NEW')}, 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_link()`);
  }

  async down(): Promise<void> {
    throw new Error('the audit chain is never dropped by a migration');
  }
}
