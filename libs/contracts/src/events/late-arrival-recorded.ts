import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const LateArrivalRecorded = defineEvent({
  type: 'LateArrivalRecorded',
  version: 1,
  topic: TOPICS.sla,
  description: 'A department arrived after its deadline; the escalation ends and the lateness is on record.',
  payload: z.object({
    breachId: uuid,
    whistleId: uuid,
    summonsId: uuid,
    departmentId: z.string().min(1),
    arrivalDeadline: isoDateTime,
    arrivedAt: isoDateTime,
    latenessSeconds: z.number().int().nonnegative(),
  }),
});
