import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/** The court docketed the application under a case number; its ruling is due by `rulingDueAt`. */
export const ConfirmationAccepted = defineEvent({
  type: 'ConfirmationAccepted',
  version: 1,
  topic: TOPICS.judicial,
  description: 'The court accepted the confirmation application and gave it a court case number.',
  payload: z.object({
    requestId: uuid,
    agreementId: uuid,
    courtId: z.string().min(1).max(64),
    courtCaseNumber: z.string().min(1).max(128),
    acceptedAt: isoDateTime,
    rulingDueAt: isoDateTime,
  }),
});
