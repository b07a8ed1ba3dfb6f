import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * The court will not confirm the agreement: it refused the application (`stage: filing`, no court
 * case number) or ruled against it (`stage: ruling`). The parties may change the agreement through
 * mediation or sue; the case closes.
 */
export const ConfirmationRejected = defineEvent({
  type: 'ConfirmationRejected',
  version: 1,
  topic: TOPICS.judicial,
  description:
    'The court refused the confirmation application or ruled not to confirm the agreement, with reasons; the case closes.',
  payload: z.object({
    requestId: uuid,
    agreementId: uuid,
    courtId: z.string().min(1).max(64),
    stage: z.enum(['filing', 'ruling']),
    courtCaseNumber: z.string().min(1).max(128).nullable(),
    reasons: z.array(z.string().min(1).max(2000)).min(1),
    rejectedAt: isoDateTime,
  }),
});
