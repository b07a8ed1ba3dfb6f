import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const SummonsAcknowledged = defineEvent({
  type: 'SummonsAcknowledged',
  version: 1,
  topic: TOPICS.departmentResponses,
  description: "A department's liaison acknowledged its summons: someone is on the way.",
  payload: z.object({
    summonsId: uuid,
    whistleId: uuid,
    departmentId: z.string().min(1),
    acknowledgedAt: isoDateTime,
  }),
});
