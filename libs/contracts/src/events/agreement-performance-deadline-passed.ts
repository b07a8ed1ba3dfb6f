import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * An agreement's performance deadline came and it is not found performed: the mediator in charge
 * is to check with the parties and record what they find (People's Mediation Law art. 31). Emitted
 * once per agreement, from the deadline mediation scheduled with sla-timer when the agreement was
 * reached; an agreement found performed before then has its deadline cancelled and says nothing.
 */
export const AgreementPerformanceDeadlinePassed = defineEvent({
  type: 'AgreementPerformanceDeadlinePassed',
  version: 1,
  topic: TOPICS.mediation,
  description:
    "An agreement's performance deadline came and the agreement is not found performed: its mediator is to check and record the performance.",
  payload: z.object({
    mediationId: uuid,
    agreementId: uuid,
    /** The mediator in charge, who is to check; null when nobody took the case. */
    mediatorId: z.string().min(1).max(128).nullable(),
    performanceDeadline: isoDateTime,
    /** The latest check so far, when one was recorded before the deadline came (never performed). */
    latestOutcome: z.enum(['partly-performed', 'not-performed']).nullable(),
    dueAt: isoDateTime,
  }),
});
