import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/** The court ruled the agreement valid: it is now enforceable. The case can close. */
export const ConfirmationGranted = defineEvent({
  type: 'ConfirmationGranted',
  version: 1,
  topic: TOPICS.judicial,
  description: 'The court confirmed the mediation agreement (a ruling); the case closes.',
  payload: z.object({
    requestId: uuid,
    agreementId: uuid,
    courtId: z.string().min(1).max(64),
    courtCaseNumber: z.string().min(1).max(128),
    ruledAt: isoDateTime,
  }),
});
