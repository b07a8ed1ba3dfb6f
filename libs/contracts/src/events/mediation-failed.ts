import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';
import { MEDIATION_REFERRALS, MEDIATION_TIER_LEVELS } from '../terms';

export const MediationFailed = defineEvent({
  type: 'MediationFailed',
  version: 1,
  topic: TOPICS.mediation,
  description: 'A mediation ended without agreement; the parties are referred (by default to litigation).',
  payload: z.object({
    mediationId: uuid,
    reason: z.string().min(1).max(2000),
    referral: z.enum(MEDIATION_REFERRALS),
    tierLevel: z.enum(MEDIATION_TIER_LEVELS),
    failedAt: isoDateTime,
  }),
});
