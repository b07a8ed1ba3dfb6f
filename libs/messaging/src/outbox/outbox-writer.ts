import { assertValidEvent, findEventDefinition, type EventEnvelope } from '@chuishao/contracts';
import { currentTraceContext, traceContextFrom, traceparentOf } from '@chuishao/kernel';
import { AuditTrail } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import type { MessagingConfig } from '../messaging-config';

export function eventHeaders(event: EventEnvelope): Record<string, string> {
  // The trace of the unit of work that emitted the event (a request, a consumed event), so the
  // consumer's logs and events continue it; an event emitted outside any starts a trace of its own.
  const trace = currentTraceContext() ?? traceContextFrom(undefined);
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

  async append(manager: EntityManager, events: EventEnvelope[]): Promise<void> {
    for (const event of events) {
      assertValidEvent(event);
      const definition = findEventDefinition(event.type, event.version);
      if (!definition) throw new Error(`no contract for ${event.type} v${event.version}`);
      await manager.query(
        `INSERT INTO outbox (event_id, topic, message_key, event_type, envelope, headers)
         VALUES ($1, $2, $3, $4, $5, $6)`,
        [
          event.id,
          `${this.config.topicPrefix}${definition.topic}`,
          event.caseId,
          event.type,
          JSON.stringify(event),
          JSON.stringify(eventHeaders(event)),
        ],
      );
      await this.audit.record(manager, {
        occurredAt: event.occurredAt,
        actor: event.actor,
        action: event.type,
        ...entityOf(event),
        caseId: event.caseId,
        eventId: event.id,
        correlationId: event.correlationId,
        details: { version: event.version, causationId: event.causationId },
      });
    }
    if (events.length > 0) this.afterAppend();
  }
}
