import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const DepartmentArrived = defineEvent({
  type: 'DepartmentArrived',
  version: 1,
  topic: TOPICS.departmentResponses,
  description: 'A summoned department reported on site (报到).',
  payload: z.object({
    summonsId: uuid,
    whistleId: uuid,
    departmentId: z.string().min(1),
    arrivedAt: isoDateTime,
    note: z.string().nullable(),
  }),
});
