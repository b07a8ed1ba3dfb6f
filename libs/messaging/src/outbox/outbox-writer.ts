import { assertValidEvent, findEventDefinition, type EventEnvelope } from '@chuishao/contracts';
import type { EntityManager } from 'typeorm';
import type { MessagingConfig } from '../messaging-config';

export function eventHeaders(event: EventEnvelope): Record<string, string> {
  return {
    'event-id': event.id,
    'event-type': event.type,
    'event-version': String(event.version),
    'correlation-id': event.correlationId,
    ...(event.causationId ? { 'causation-id': event.causationId } : {}),
    'content-type': 'application/json',
  };
}

/**
 * Writes outgoing events into the outbox table through the caller's transaction, so they commit
 * with the state change that caused them or not at all (SPEC "Delivery").
 */
export class OutboxWriter {
  constructor(private readonly config: Pick<MessagingConfig, 'topicPrefix'>) {}

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
    }
  }
}
