import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const ArrivalWarningIssued = defineEvent({
  type: 'ArrivalWarningIssued',
  version: 1,
  topic: TOPICS.sla,
  description: 'A summoned department has not arrived and its deadline is near (default 10 minutes before).',
  payload: z.object({
    whistleId: uuid,
    summonsId: uuid,
    departmentId: z.string().min(1),
    arrivalDeadline: isoDateTime,
    secondsRemaining: z.number().int().nonnegative(),
    issuedAt: isoDateTime,
  }),
});
