import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const BreachRetracted = defineEvent({
  type: 'BreachRetracted',
  version: 1,
  topic: TOPICS.sla,
  description:
    'The stored arrival time was within the deadline after all (the breach timer ran first): the breach and its escalations are withdrawn.',
  payload: z.object({
    breachId: uuid,
    whistleId: uuid,
    summonsId: uuid,
    departmentId: z.string().min(1),
    arrivalDeadline: isoDateTime,
    arrivedAt: isoDateTime,
    retractedAt: isoDateTime,
  }),
});
