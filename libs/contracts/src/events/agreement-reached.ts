import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * Matters of an agreement, by category. The court does not confirm agreements on identity,
 * adoption or marriage relationships (SPEC step 6), so the category travels with the agreement.
 */
export const AGREEMENT_MATTER_CATEGORIES = [
  'property',
  'debt',
  'compensation',
  'contract',
  'land_use',
  'labour',
  'maintenance',
  'identity_relationship',
  'adoption_relationship',
  'marriage_relationship',
  'other',
] as const;
export type AgreementMatterCategory = (typeof AGREEMENT_MATTER_CATEGORIES)[number];

/** Categories a court refuses to confirm (Civil Procedure Law interpretation, art. 357). */
export const UNCONFIRMABLE_MATTER_CATEGORIES: readonly AgreementMatterCategory[] = [
  'identity_relationship',
  'adoption_relationship',
  'marriage_relationship',
];

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
