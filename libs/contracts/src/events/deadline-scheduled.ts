import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * The generic timer API of sla-timer. A service that owns a legal or procedural deadline (a
 * mediation level, the 30-day confirmation window, the court's ruling period) publishes this on
 * the `sla` topic; sla-timer arms a durable timer and answers with DeadlineReached when it is due.
 * Scheduling the same deadlineId again re-arms it (a new dueAt); DeadlineCancelled disarms it.
 */
export const DeadlineScheduled = defineEvent({
  type: 'DeadlineScheduled',
  version: 1,
  topic: TOPICS.sla,
  description:
    'A service asked sla-timer for a durable deadline (mediation level, confirmation window, court ruling period).',
  payload: z.object({
    /** Chosen by the owner; stable for one deadline so a re-schedule replaces it. */
    deadlineId: uuid,
    /** The owning service, e.g. `mediation`, `judicial-confirmation`: it consumes the answer. */
    owner: z.string().min(1).max(64),
    /** What the deadline means to its owner, e.g. `mediation.level`, `confirmation.window`. */
    kind: z.string().min(1).max(64),
    /** The owner's aggregate, e.g. a mediation id or a confirmation request id. */
    subjectId: z.string().min(1).max(128),
    dueAt: isoDateTime,
    /** Opaque to sla-timer, echoed back in DeadlineReached (e.g. { level: 2 }). */
    context: z.record(z.string(), z.unknown()).default({}),
  }),
});
