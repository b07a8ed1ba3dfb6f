import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const WhistleCompleted = defineEvent({
  type: 'WhistleCompleted',
  version: 1,
  topic: TOPICS.whistles,
  description: 'Every summoned department has reported on site; mediation can begin.',
  payload: z.object({
    whistleId: uuid,
    completedAt: isoDateTime,
    arrivals: z
      .array(z.object({ summonsId: uuid, departmentId: z.string().min(1), arrivedAt: isoDateTime }))
      .min(1),
  }),
});
