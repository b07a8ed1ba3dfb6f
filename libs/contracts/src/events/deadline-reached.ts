import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * sla-timer's answer to DeadlineScheduled: the deadline is due. Emitted once in effect per
 * schedule (a re-schedule or cancel before it fires means no event for the old dueAt). The owner
 * decides what it means (raise a mediation level, close a confirmation window) and emits its own
 * domain event.
 */
export const DeadlineReached = defineEvent({
  type: 'DeadlineReached',
  version: 1,
  topic: TOPICS.sla,
  description: 'A deadline scheduled with sla-timer is due; its owner acts on it.',
  payload: z.object({
    deadlineId: uuid,
    owner: z.string().min(1).max(64),
    kind: z.string().min(1).max(64),
    subjectId: z.string().min(1).max(128),
    dueAt: isoDateTime,
    firedAt: isoDateTime,
    context: z.record(z.string(), z.unknown()).default({}),
  }),
});
