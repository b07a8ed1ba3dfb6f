import type { EntityManager, MigrationInterface, QueryRunner } from 'typeorm';
import { currentRequestScope } from './request-scope';

export interface AuditEntry {
  occurredAt: Date | string;
  actor: { role: string; id: string };
  /** What happened: an event type (WhistleBlown) or a verb for changes without one (RoutingRuleChanged). */
  action: string;
  entityType: string;
  entityId: string;
  caseId?: string | null;
  eventId?: string | null;
  correlationId?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Who changed what, when, through which request and Idempotency-Key: one row per state change,
 * written in the transaction of the change. The table is append-only: a trigger refuses UPDATE
 * and DELETE for every role (superusers included), and the privileges are revoked from PUBLIC so
 * a service role created with default grants cannot rewrite history.
 */
/** The columns of one audit row, with the request scope (request id, Idempotency-Key) filled in. */
export interface AuditRow {
  occurred_at: string;
  actor_role: string;
  actor_id: string;
  action: string;
  entity_type: string;
  entity_id: string;
  case_id: string | null;
  event_id: string | null;
  correlation_id: string | null;
  request_id: string | null;
  idempotency_key: string | null;
  details: Record<string, unknown>;
}

export class AuditTrail {
  /**
   * The row for `entry` in the current request scope; for writers that insert it together with
   * their own rows in one statement (the outbox).
   */
  rowOf(entry: AuditEntry): AuditRow {
    const scope = currentRequestScope();
    return {
      occurred_at: typeof entry.occurredAt === 'string' ? entry.occurredAt : entry.occurredAt.toISOString(),
      actor_role: entry.actor.role,
      actor_id: entry.actor.id,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      case_id: entry.caseId ?? null,
      event_id: entry.eventId ?? null,
      correlation_id: entry.correlationId ?? null,
      request_id: scope?.requestId ?? null,
      idempotency_key: scope?.idempotencyKey ?? null,
      details: entry.details ?? {},
    };
  }

  async record(manager: EntityManager, entry: AuditEntry): Promise<void> {
    const row = this.rowOf(entry);
    await manager.query(
      `INSERT INTO audit_log (occurred_at, actor_role, actor_id, action, entity_type, entity_id, case_id,
                              event_id, correlation_id, request_id, idempotency_key, details)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        row.occurred_at,
        row.actor_role,
        row.actor_id,
        row.action,
        row.entity_type,
        row.entity_id,
        row.case_id,
        row.event_id,
        row.correlation_id,
        row.request_id,
        row.idempotency_key,
        JSON.stringify(row.details),
      ],
    );
  }
}

export class AuditLogTable1732400000002 implements MigrationInterface {
  name = 'AuditLogTable1732400000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id              bigserial PRIMARY KEY,
        occurred_at     timestamptz NOT NULL,
        recorded_at     timestamptz NOT NULL DEFAULT now(),
        actor_role      text NOT NULL,
        actor_id        text NOT NULL,
        action          text NOT NULL,
        entity_type     text NOT NULL,
        entity_id       text NOT NULL,
        case_id         uuid,
        event_id        uuid,
        correlation_id  text,
        request_id      text,
        idempotency_key text,
        details         jsonb NOT NULL DEFAULT '{}'::jsonb
      )`);
    await queryRunner.query('CREATE INDEX audit_log_by_case ON audit_log (case_id, occurred_at)');
    await queryRunner.query(`
      CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only()`);
    await queryRunner.query(`
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only()`);
    await queryRunner.query('REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM PUBLIC');
  }

  async down(): Promise<void> {
    throw new Error('the audit log is never dropped by a migration');
  }
}
