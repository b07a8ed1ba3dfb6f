import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { MEDIATION_TIER_LEVELS } from '../terms';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * A mediation began on a case: automatically when every summoned department reported on site
 * (WhistleCompleted), or by hand. Participants are the departments on site; the parties are the
 * case's (CaseRegistered) and are not repeated here.
 */
export const MediationOpened = defineEvent({
  type: 'MediationOpened',
  version: 1,
  topic: TOPICS.mediation,
  description:
    'A mediation was opened on a case (on WhistleCompleted or by a mediator), at the first level of its tier ladder.',
  payload: z.object({
    mediationId: uuid,
    /** The whistle whose completion opened it; null when opened by hand. */
    whistleId: uuid.nullable(),
    openedBy: z.enum(['whistle', 'hand']),
    /** Null until a mediator is assigned (the first to record a session, or named at opening). */
    mediatorId: z.string().min(1).max(128).nullable(),
    participants: z.array(z.string().min(1).max(200)),
    tierLevel: z.enum(MEDIATION_TIER_LEVELS),
    /** When the current tier level's deadline falls (its sla-timer deadline). */
    levelDueAt: isoDateTime,
    openedAt: isoDateTime,
  }),
});
