import { z } from 'zod';
import type { Actor, EventEnvelope } from './envelope';
import type { Topic } from './topics';

/**
 * One event type at one version. The wire name is the explicit string `type` — never a class
 * name — and a payload change that is not backward compatible gets a new version.
 */
export interface EventDefinition<TType extends string = string, TSchema extends z.ZodType = z.ZodType> {
  readonly type: TType;
  readonly version: number;
  readonly topic: Topic;
  readonly description: string;
  readonly payload: TSchema;
  /**
   * What the envelope's `caseId` names: a case (absent: nearly every event), or a stream that is
   * about no case: the legal calendar's holiday schedules, the health of the systems outside.
   */
  readonly stream?: 'legal-calendar' | 'outside-health';
  /**
   * How a payload of the version before this one becomes this one's, so a handler always sees
   * the newest shape whatever version a producer still on old code sends. Required from
   * version 2 on (the registry checks the chain is unbroken).
   */
  readonly upcastFrom?: Upcaster;
}

export interface Upcaster {
  /** The version this upcaster reads: always the one just before the definition's own. */
  readonly version: number;
  /** The older payload, already valid against its own schema, to this version's (validated after). */
  readonly upcast: (payload: never) => unknown;
}

export function defineEvent<TType extends string, TSchema extends z.ZodType>(
  definition: EventDefinition<TType, TSchema>,
): EventDefinition<TType, TSchema> {
  return Object.freeze(definition);
}

export type PayloadOf<D> = D extends EventDefinition<string, infer S> ? z.infer<S> : never;
export type EventOf<D> = D extends EventDefinition<infer T, infer S> ? EventEnvelope<T, z.infer<S>> : never;

export interface NewEvent<D extends EventDefinition> {
  id: string;
  occurredAt: Date | string;
  caseId: string;
  correlationId: string;
  causationId?: string | null;
  actor: Actor;
  payload: PayloadOf<D>;
}

/**
 * Builds an envelope and validates its payload, so an invalid event is refused where it is
 * made (on publish), not discovered by a consumer.
 */
export function createEvent<D extends EventDefinition>(definition: D, input: NewEvent<D>): EventOf<D> {
  const payload = definition.payload.parse(input.payload);
  const occurredAt = typeof input.occurredAt === 'string' ? input.occurredAt : input.occurredAt.toISOString();
  return {
    id: input.id,
    type: definition.type,
    version: definition.version,
    occurredAt,
    caseId: input.caseId,
    correlationId: input.correlationId,
    causationId: input.causationId ?? null,
    actor: input.actor,
    payload,
  } as EventOf<D>;
}
