import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const SummonsDeclined = defineEvent({
  type: 'SummonsDeclined',
  version: 1,
  topic: TOPICS.departmentResponses,
  description: 'A department declined its summons with a reason; the operator must reassign.',
  payload: z.object({
    summonsId: uuid,
    whistleId: uuid,
    departmentId: z.string().min(1),
    declinedAt: isoDateTime,
    reason: z.string().min(1),
  }),
});
