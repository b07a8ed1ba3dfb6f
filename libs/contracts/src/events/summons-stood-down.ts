import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const SummonsStoodDown = defineEvent({
  type: 'SummonsStoodDown',
  version: 1,
  topic: TOPICS.whistles,
  description:
    'An operator stood a summoned department down before it arrived, with a reason: it is no longer expected on site, its timers stop, its liaison is told, and it is not a miss.',
  payload: z.object({
    whistleId: uuid,
    caseNo: z.string().min(1),
    summonsId: uuid,
    departmentId: z.string().min(1),
    reason: z.string().min(1),
    stoodDownAt: isoDateTime,
  }),
});
