import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const ArrivalDeadlineBreached = defineEvent({
  type: 'ArrivalDeadlineBreached',
  version: 1,
  topic: TOPICS.sla,
  description: 'A summoned department was not on site by its arrival deadline.',
  payload: z.object({
    breachId: uuid,
    whistleId: uuid,
    summonsId: uuid,
    departmentId: z.string().min(1),
    arrivalDeadline: isoDateTime,
    breachedAt: isoDateTime,
  }),
});
