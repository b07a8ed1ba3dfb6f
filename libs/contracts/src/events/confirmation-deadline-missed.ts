import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * A deadline of the confirmation procedure passed with nothing done: the parties' 30-day window
 * (`window`, no request), the court's acceptance (`acceptance`, 3 days) or its ruling (`ruling`,
 * 15 days, possibly extended).
 */
export const ConfirmationDeadlineMissed = defineEvent({
  type: 'ConfirmationDeadlineMissed',
  version: 1,
  topic: TOPICS.judicial,
  description:
    'A judicial-confirmation deadline passed: the 30-day application window, the court acceptance or the court ruling period.',
  payload: z.object({
    agreementId: uuid,
    requestId: uuid.nullable(),
    deadline: z.enum(['window', 'acceptance', 'ruling']),
    dueAt: isoDateTime,
  }),
});
