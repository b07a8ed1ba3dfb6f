import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, summonedDepartment, uuid } from '../vocabulary';

export const SummonsAdded = defineEvent({
  type: 'SummonsAdded',
  version: 1,
  topic: TOPICS.whistles,
  description:
    'An operator added a department to an open whistle mid-incident, with a reason: it gets a summons of its own, due on site by its own arrival deadline (from when it was added).',
  payload: z.object({
    whistleId: uuid,
    caseNo: z.string().min(1),
    centerId: z.string().min(1),
    summons: summonedDepartment,
    reason: z.string().min(1),
    addedAt: isoDateTime,
    arrivalDeadline: isoDateTime,
    slaSeconds: z.number().int().positive(),
  }),
});
