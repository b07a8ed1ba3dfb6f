import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';
import { MEDIATION_TIER_LEVELS } from './mediation-opened';

/** Where the parties are sent when mediation fails. */
export const MEDIATION_REFERRALS = ['litigation', 'arbitration', 'administrative', 'none'] as const;
export type MediationReferral = (typeof MEDIATION_REFERRALS)[number];

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
