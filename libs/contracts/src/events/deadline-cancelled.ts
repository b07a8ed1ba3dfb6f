import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { uuid } from '../vocabulary';

/** The owner no longer needs a deadline it scheduled (the mediation ended, the request was filed). */
export const DeadlineCancelled = defineEvent({
  type: 'DeadlineCancelled',
  version: 1,
  topic: TOPICS.sla,
  description: 'A service withdrew a deadline it had scheduled with sla-timer.',
  payload: z.object({
    deadlineId: uuid,
    owner: z.string().min(1).max(64),
  }),
});
