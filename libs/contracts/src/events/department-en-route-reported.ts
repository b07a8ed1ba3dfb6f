import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * A summoned department's people set off for the scene (在途), with when they expect to be there
 * (issue 20 item 4, as CAD systems track units): after the acknowledgement, before the arrival. A
 * later report revises the ETA. The SLA still runs to the arrival deadline; this only tells the
 * board and the operator who is on the way and when.
 */
export const DepartmentEnRouteReported = defineEvent({
  type: 'DepartmentEnRouteReported',
  version: 1,
  topic: TOPICS.departmentResponses,
  description:
    'A summoned department set off for the scene with an estimated time of arrival (a later report revises it); shown on the board until it arrives.',
  payload: z.object({
    summonsId: uuid,
    whistleId: uuid,
    departmentId: z.string().min(1),
    reportedAt: isoDateTime,
    etaAt: isoDateTime,
  }),
});
