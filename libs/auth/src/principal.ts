import type { ActorRole } from '@chuishao/contracts';

/** The roles a person can hold (SPEC "Users"); `system` is for events, never for a token. */
export const PERSON_ROLES = [
  'clerk',
  'operator',
  'liaison',
  'mediator',
  'supervisor',
  'ops',
  'court',
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number] & ActorRole;

/** Who a verified bearer token says the caller is. */
export interface Principal {
  role: PersonRole;
  /** The token's `sub`: a person or system account id; travels as the event's actor id. */
  subject: string;
  /** A liaison acts for exactly one department. */
  departmentId?: string;
  /** A clerk or operator works at one governance center. */
  centerId?: string;
}

export function isPersonRole(value: unknown): value is PersonRole {
  return typeof value === 'string' && (PERSON_ROLES as readonly string[]).includes(value);
}
