import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime } from '../vocabulary';

/**
 * A court's system has not answered a filing for M minutes while applications wait for it (M:
 * judicial-confirmation's COURT_UNRESPONSIVE_AFTER_SECONDS). Said once per outage; CourtOutageEnded
 * ends it.
 */
export const CourtOutageDetected = defineEvent({
  type: 'CourtOutageDetected',
  version: 1,
  topic: TOPICS.judicial,
  stream: 'outside-health',
  description:
    'A court’s system has not answered a filing for M minutes: shown on the board and alerted until it answers. Key: the outside-health stream id, not a case.',
  payload: z.object({
    courtId: z.string().min(1),
    /** The first unanswered attempt since the court last answered. */
    silentSince: isoDateTime,
    lastError: z.string().max(500).nullable(),
  }),
});
