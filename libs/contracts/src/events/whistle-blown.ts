import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { disputeType, isoDateTime, summonedDepartment, urgency, uuid } from '../vocabulary';

export const WhistleBlown = defineEvent({
  type: 'WhistleBlown',
  version: 1,
  topic: TOPICS.whistles,
  description:
    'An operator blew the whistle on a case: every listed department is summoned and must report on site by arrivalDeadline.',
  payload: z.object({
    whistleId: uuid,
    caseNo: z.string().min(1),
    centerId: z.string().min(1),
    disputeType,
    urgency,
    reason: z.string().nullable(),
    blownAt: isoDateTime,
    arrivalDeadline: isoDateTime,
    slaSeconds: z.number().int().positive(),
    summons: z.array(summonedDepartment).min(1),
  }),
});
