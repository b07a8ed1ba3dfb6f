import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';
import { MEDIATION_TIER_LEVELS } from '../terms';

/** A tier level missed its deadline (四级七天): the mediation moves up to the next level. */
export const MediationLevelRaised = defineEvent({
  type: 'MediationLevelRaised',
  version: 1,
  topic: TOPICS.mediation,
  description:
    'A mediation level missed its deadline and the mediation was raised to the next level of the 四级七天 ladder.',
  payload: z.object({
    mediationId: uuid,
    fromLevel: z.enum(MEDIATION_TIER_LEVELS),
    toLevel: z.enum(MEDIATION_TIER_LEVELS),
    reason: z.enum(['deadline_missed']),
    /** The deadline the lower level missed. */
    missedDueAt: isoDateTime,
    raisedAt: isoDateTime,
    /** The new level's deadline. */
    levelDueAt: isoDateTime,
  }),
});
