import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, summonedDepartment, uuid } from '../vocabulary';

export const DepartmentReassigned = defineEvent({
  type: 'DepartmentReassigned',
  version: 1,
  topic: TOPICS.whistles,
  description:
    'An operator replaced a department that declined its summons: the new department gets a new summons with its own arrival deadline.',
  payload: z.object({
    whistleId: uuid,
    caseNo: z.string().min(1),
    fromDepartmentId: z.string().min(1),
    fromSummonsId: uuid,
    to: summonedDepartment,
    reason: z.string().min(1),
    reassignedAt: isoDateTime,
    arrivalDeadline: isoDateTime,
  }),
});
