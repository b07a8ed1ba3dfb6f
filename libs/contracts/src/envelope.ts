import { z } from 'zod';
import { ACTOR_ROLES, isoDateTime } from './vocabulary';

/** Who caused an event: a person in a role, or the system itself (a timer, a relay). */
export const actorSchema = z.object({
  role: z.enum(ACTOR_ROLES),
  id: z.string().min(1),
});
export type Actor = z.infer<typeof actorSchema>;

export const SYSTEM_ACTOR: Actor = { role: 'system', id: 'chuishao' };

/** The envelope every event shares (SPEC "Events and topics"). The payload is checked per type. */
export const envelopeSchema = z.object({
  id: z.uuid(),
  type: z.string().min(1),
  version: z.number().int().positive(),
  occurredAt: isoDateTime,
  caseId: z.uuid(),
  correlationId: z.string().min(1),
  causationId: z.string().min(1).nullable(),
  actor: actorSchema,
  payload: z.unknown(),
});

export interface EventEnvelope<TType extends string = string, TPayload = unknown> {
  id: string;
  type: TType;
  version: number;
  occurredAt: string;
  caseId: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor;
  payload: TPayload;
}
