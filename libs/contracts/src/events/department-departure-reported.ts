import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * A department that reported on site left the scene (离场, issue 20 item 4), e.g. once the mediation
 * has started: its people are free for the next summons.
 */
export const DepartmentDepartureReported = defineEvent({
  type: 'DepartmentDepartureReported',
  version: 1,
  topic: TOPICS.departmentResponses,
  description: 'A department that reported on site left the scene (after the mediation started, typically).',
  payload: z.object({
    summonsId: uuid,
    whistleId: uuid,
    departmentId: z.string().min(1),
    leftAt: isoDateTime,
  }),
});
