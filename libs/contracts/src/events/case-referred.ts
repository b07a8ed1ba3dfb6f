import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { CENTER_TIERS, REFERRAL_DIRECTIONS, isoDateTime } from '../vocabulary';

/** A center as a referral names it: its place in the tree, so readers route by it without asking. */
const referralCenter = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  tier: z.enum(CENTER_TIERS),
  /** Ancestors first, the center itself last (district → town → village), as in CaseRegistered. */
  path: z.array(z.string().min(1)).min(1),
});

/**
 * A case moved between tiers of centers: referred up to the parent center (上报) by a center that
 * cannot resolve it, or handed down to a center below (交办). From then on the case is the
 * receiving center's: its queue, its scope, its scorecards. The reason is the referring person's.
 */
export const CaseReferred = defineEvent({
  type: 'CaseReferred',
  version: 1,
  topic: TOPICS.cases,
  description:
    'A case moved to another tier of centers: up to the parent center (上报) or down to a center below (交办); the case is the receiving center’s from then on.',
  payload: z.object({
    caseNo: z.string().min(1),
    direction: z.enum(REFERRAL_DIRECTIONS),
    from: referralCenter,
    to: referralCenter,
    reason: z.string().min(1).max(500),
    referredAt: isoDateTime,
  }),
});
