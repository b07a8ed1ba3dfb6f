import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime } from '../vocabulary';

/** An unresponsive court answered a filing again: the outage CourtOutageDetected began is over. */
export const CourtOutageEnded = defineEvent({
  type: 'CourtOutageEnded',
  version: 1,
  topic: TOPICS.judicial,
  stream: 'outside-health',
  description:
    'An unresponsive court answered a filing again. Key: the outside-health stream id, not a case.',
  payload: z.object({
    courtId: z.string().min(1),
    silentSince: isoDateTime,
    answeredAt: isoDateTime,
  }),
});
