import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';
import { MEDIATION_APPROACH_LEVELS, MEDIATION_TIER_LEVELS } from '../terms';

/**
 * A mediator recorded a session. The free-text notes stay in the mediation service (they may
 * name people); the event carries who took part and at which approach level.
 */
export const MediationSessionRecorded = defineEvent({
  type: 'MediationSessionRecorded',
  version: 1,
  topic: TOPICS.mediation,
  description: 'A mediation session was held and recorded (participants, approach level 情/理/法/诉).',
  payload: z.object({
    mediationId: uuid,
    sessionId: uuid,
    mediatorId: z.string().min(1).max(128),
    startedAt: isoDateTime,
    endedAt: isoDateTime,
    participants: z.array(z.string().min(1).max(200)).min(1),
    approachLevel: z.enum(MEDIATION_APPROACH_LEVELS),
    tierLevel: z.enum(MEDIATION_TIER_LEVELS),
  }),
});
