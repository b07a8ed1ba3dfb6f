import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime } from '../vocabulary';

export const CaseClosed = defineEvent({
  type: 'CaseClosed',
  version: 1,
  topic: TOPICS.cases,
  description:
    'A clerk closed the case (withdrawn, resolved, referred). Nothing may be whistled on it afterwards.',
  payload: z.object({
    reason: z.string().min(1),
    closedAt: isoDateTime,
  }),
});
