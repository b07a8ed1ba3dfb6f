import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';
import { AGREEMENT_MATTER_CATEGORIES } from '../terms';

/**
 * A mediation ended in a signed agreement (People's Mediation Law art. 29). Carries what the
 * judicial-confirmation service needs to accept an application: the parties by name (never their
 * ID numbers or phones), the matters by category, and the date the agreement took effect, from
 * which the 30-day confirmation window runs.
 */
export const AgreementReached = defineEvent({
  type: 'AgreementReached',
  version: 1,
  topic: TOPICS.mediation,
  description:
    'The parties and the mediator signed a mediation agreement; it can go to a court for confirmation.',
  payload: z.object({
    agreementId: uuid,
    mediationId: uuid,
    parties: z.array(z.string().min(1).max(200)).min(1),
    mediatorId: z.string().min(1).max(128),
    matters: z
      .array(
        z.object({
          category: z.enum(AGREEMENT_MATTER_CATEGORIES),
          description: z.string().min(1).max(2000),
        }),
      )
      .min(1),
    terms: z.string().min(1).max(10000),
    amount: z.number().nonnegative().nullable(),
    performanceDeadline: isoDateTime.nullable(),
    /** When the agreement took effect (the last signature); the confirmation window runs from here. */
    effectiveAt: isoDateTime,
  }),
});
