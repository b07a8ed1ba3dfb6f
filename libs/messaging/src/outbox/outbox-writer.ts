import { assertValidEvent, findEventDefinition, type EventEnvelope } from '@chuishao/contracts';
import { currentTraceIds, traceContextFrom, traceparentOf } from '@chuishao/kernel';
import { AuditTrail, type CteStatement } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import type { MessagingConfig } from '../messaging-config';

export function eventHeaders(event: EventEnvelope): Record<string, string> {
  // The span active when the event is written (OpenTelemetry's when tracing runs, else the unit of
  // work's: a request, a consumed event), so the relay's send and the consumers continue its trace;
  // an event emitted outside any starts a trace of its own.
  const trace = currentTraceIds() ?? traceContextFrom(undefined);
  return {
    traceparent: traceparentOf(trace),
    'event-id': event.id,
    'event-type': event.type,
    'event-version': String(event.version),
    'correlation-id': event.correlationId,
    ...(event.causationId ? { 'causation-id': event.causationId } : {}),
    'content-type': 'application/json',
  };
}

/** The entity an event is about, for the audit trail: the most specific id its payload names. */
function entityOf(event: EventEnvelope): { entityType: string; entityId: string } {
  const payload = (event.payload ?? {}) as Record<string, unknown>;
  for (const [key, entityType] of [
    ['summonsId', 'summons'],
    ['whistleId', 'whistle'],
  ] as const) {
    if (typeof payload[key] === 'string') return { entityType, entityId: payload[key] as string };
  }
  return { entityType: 'case', entityId: event.caseId };
}

/**
 * A state change as one SQL statement, for `appendWithChange`: `sql` is an INSERT, UPDATE or
 * DELETE with a RETURNING clause, or a SELECT of what `ctes` wrote. `ctes` are common expressions
 * it reads (`name AS (…)`, comma-separated): PostgreSQL allows a data-modifying one only at the top
 * level of a statement, so a change of several tables (a parent row and its children) writes them
 * there rather than inside `sql`.
 */
export interface ChangeStatement {
  sql: string;
  params: unknown[];
  ctes?: string;
}

/** A compiled query builder's statement (Kysely's `CompiledQuery` has this shape) as a change. */
export function changeStatementOf(compiled: {
  sql: string;
  parameters: readonly unknown[];
}): ChangeStatement {
  return { sql: compiled.sql, params: [...compiled.parameters] };
}

/** Events made into outbox rows (OutboxWriter.prepare), for a statement to append (appendInto). */
export interface PreparedEvents {
  rows: string;
}

/**
 * Writes outgoing events into the outbox table through the caller's transaction, so they commit
 * with the state change that caused them or not at all (SPEC "Delivery"). Every event is a state
 * change, so each also gets its audit-trail row (who, what, when, request, Idempotency-Key) in
 * the same transaction.
 */
export class OutboxWriter {
  private readonly audit = new AuditTrail();

  /**
   * @param afterAppend called after each append, inside the caller's transaction; the messaging
   * module uses it to nudge the relay once that transaction commits, so an event is published
   * right away rather than at the relay's next poll.
   */
  constructor(
    private readonly config: Pick<MessagingConfig, 'topicPrefix'>,
    private readonly afterAppend: () => void = () => undefined,
  ) {}

  /**
   * One statement for all of `events`: their outbox rows and their audit rows. Round trips are
   * what a transaction costs on this stack (each is a system call on both sides and a wait), so
   * appending N events costs one rather than 2N. `seq` follows the order of `events`: the rows
   * are inserted sorted by their place in the list, so the relay publishes them in that order.
   */
  async append(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
    if (events.length === 0) return;
    await manager.query(`WITH ${appendingCtes('$1')} SELECT count(*) FROM appended`, [
      JSON.stringify(this.rowsOf(events)),
    ]);
    this.afterAppend();
  }

  /**
   * A state change and the events it causes in one statement: `change` is an INSERT, UPDATE or
   * DELETE with a RETURNING clause, and `events` (with their audit rows) are appended if and only
   * if it returned a row. One statement is atomic on its own, so a caller outside any transaction
   * needs no BEGIN and COMMIT: one round trip where a transaction of the same work took four.
   * Answers the rows `change` returned (none: nothing changed, nothing appended).
   */
  async appendWithChange<Row>(
    manager: EntityManager,
    change: ChangeStatement,
    events: EventEnvelope[],
  ): Promise<Row[]> {
    const eventsParam = `$${change.params.length + 1}`;
    const before = change.ctes ? `${change.ctes}, ` : '';
    const rows: Row[] = await manager.query(
      `WITH ${before}changed AS (${change.sql}), ${appendingCtes(eventsParam, 'WHERE EXISTS (SELECT 1 FROM changed)')}
       SELECT * FROM changed`,
      [...change.params, JSON.stringify(this.rowsOf(events))],
    );
    if (rows.length > 0 && events.length > 0) this.afterAppend();
    return rows;
  }

  /**
   * `events` as the outbox and audit rows a statement appends (`appendInto`), made now: their
   * trace headers are the span active here, where the events are decided.
   */
  prepare(events: EventEnvelope[]): PreparedEvents {
    if (events.length > 0) this.afterAppend();
    return { rows: JSON.stringify(this.rowsOf(events)) };
  }

  /**
   * appendWithChange for a statement built of common expressions (CteStatement: work tried as one
   * statement, a collector's): the prepared events appended if and only if the expression named
   * `changed` returned a row.
   */
  appendInto(statement: CteStatement, changed: string, events: PreparedEvents): void {
    const appended = statement.add((param) =>
      appendedRows(param(events.rows), `WHERE EXISTS (SELECT 1 FROM ${changed})`),
    );
    const { outboxed, audited } = appendingWrites(appended);
    statement.add(() => outboxed);
    statement.add(() => audited);
  }

  private rowsOf(events: EventEnvelope[]) {
    return events.map((event, ord) => {
      assertValidEvent(event);
      const definition = findEventDefinition(event.type, event.version);
      if (!definition) throw new Error(`no contract for ${event.type} v${event.version}`);
      return {
        ord,
        event_id: event.id,
        topic: `${this.config.topicPrefix}${definition.topic}`,
        message_key: event.caseId,
        event_type: event.type,
        envelope: event,
        headers: eventHeaders(event),
        audit: this.audit.rowOf({
          occurredAt: event.occurredAt,
          actor: event.actor,
          action: event.type,
          ...entityOf(event),
          caseId: event.caseId,
          eventId: event.id,
          correlationId: event.correlationId,
          details: { version: event.version, causationId: event.causationId },
        }),
      };
    });
  }
}

/**
 * The common expressions that append the events in the JSON parameter `param` (`appended`) to
 * the outbox and the audit log, in the order of the list, when `condition` holds.
 */
function appendingCtes(param: string, condition = ''): string {
  const { outboxed, audited } = appendingWrites('appended');
  return `appended AS (${appendedRows(param, condition)}), outboxed AS (${outboxed}), audited AS (${audited})`;
}

/** The rows of the JSON parameter `param` (OutboxWriter.prepare's), where `condition` holds. */
function appendedRows(param: string, condition: string): string {
  return `SELECT * FROM jsonb_to_recordset(${param}::jsonb)
        AS e(ord int, event_id uuid, topic text, message_key text, event_type text, envelope jsonb,
             headers jsonb, audit jsonb)
      ${condition}`;
}

/** The outbox's and the audit log's inserts of the expression `appended`'s rows, in their order. */
function appendingWrites(appended: string): { outboxed: string; audited: string } {
  return {
    outboxed: `INSERT INTO outbox (event_id, topic, message_key, event_type, envelope, headers)
      SELECT event_id, topic, message_key, event_type, envelope, headers FROM ${appended} ORDER BY ord`,
    audited: `INSERT INTO audit_log (occurred_at, actor_role, actor_id, action, entity_type, entity_id, case_id,
                             event_id, correlation_id, request_id, idempotency_key, details)
      SELECT a.occurred_at, a.actor_role, a.actor_id, a.action, a.entity_type, a.entity_id, a.case_id,
             a.event_id, a.correlation_id, a.request_id, a.idempotency_key, a.details
      FROM ${appended}, jsonb_to_record(${appended}.audit)
        AS a(occurred_at timestamptz, actor_role text, actor_id text, action text, entity_type text,
             entity_id text, case_id uuid, event_id uuid, correlation_id text, request_id text,
             idempotency_key text, details jsonb)
      ORDER BY ${appended}.ord`,
  };
}
