import {
  createEvent,
  definitionToBuild,
  type Actor,
  type EventDefinition,
  type EventEnvelope,
  type EventOf,
  type PayloadOf,
} from '@chuishao/contracts';
import { uuidv7, type Clock } from '@chuishao/kernel';

/** What caused the event: an HTTP request (correlation only) or an earlier event (both ids). */
export interface Causation {
  actor: Actor;
  correlationId: string;
  causationId?: string | null;
}

export function causedBy(event: EventEnvelope, actor?: Actor): Causation {
  return { actor: actor ?? event.actor, correlationId: event.correlationId, causationId: event.id };
}

/** Builds validated envelopes with a UUIDv7 id and the injected clock's time. */
export class EventFactory {
  constructor(private readonly clock: Clock) {}

  build<D extends EventDefinition>(
    definition: D,
    caseId: string,
    causation: Causation,
    payload: PayloadOf<D>,
  ): EventOf<D> {
    const now = this.clock.now();
    // Always `definition` in production; an older version only when the fault suite emulates an
    // older release (CHUISHAO_CONTRACTS_KNOWN_UP_TO), which wrote the type at that version.
    return createEvent(definitionToBuild(definition), {
      id: uuidv7(now.getTime()),
      occurredAt: now,
      caseId,
      correlationId: causation.correlationId,
      causationId: causation.causationId ?? null,
      actor: causation.actor,
      payload,
    });
  }
}
