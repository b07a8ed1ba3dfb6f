import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * A reminder: the 30-day confirmation window of an agreement closes soon and nobody has applied.
 * (The issue calls it ConfirmationWindowClosing; event names are past tense, hence "Notified".)
 */
export const ConfirmationWindowClosingNotified = defineEvent({
  type: 'ConfirmationWindowClosingNotified',
  version: 1,
  topic: TOPICS.judicial,
  description:
    'The judicial-confirmation window of an agreement closes soon (5 days by default) and no application was made.',
  payload: z.object({
    agreementId: uuid,
    windowClosesAt: isoDateTime,
    secondsRemaining: z.number().int().nonnegative(),
  }),
});
