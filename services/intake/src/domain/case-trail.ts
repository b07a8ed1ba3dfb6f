import { summariseCaseEvent, type EventEnvelope } from '@chuishao/contracts';

/**
 * One line of a case's audit trail: an event of any service about the case, as intake read it
 * from its topic. The summary is the contracts' one reading of the event (`summariseCaseEvent`,
 * the sentence the workstation shows, in English, with the facts as the event states them): short,
 * on one line, and without personal data.
 */
export interface CaseTrailEntry {
  eventId: string;
  caseId: string;
  type: string;
  version: number;
  topic: string;
  occurredAt: Date;
  actor: { role: string; id: string };
  correlationId: string;
  causationId: string | null;
  summary: string;
}

/** The trail entry of an event that arrived on `topic`. */
export function trailEntryOf(event: EventEnvelope, topic: string): CaseTrailEntry {
  return {
    eventId: event.id,
    caseId: event.caseId,
    type: event.type,
    version: event.version,
    topic,
    occurredAt: new Date(event.occurredAt),
    actor: { role: event.actor.role, id: event.actor.id },
    correlationId: event.correlationId,
    causationId: event.causationId,
    summary: summariseCaseEvent(event),
  };
}
