import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';
import { PERFORMANCE_OUTCOMES, PERFORMANCE_REMEDIES } from '../terms';

/**
 * The mediator checked whether an agreement was performed (People's Mediation Law art. 31).
 * `performed` is final; `partly-performed` and `not-performed` carry the remedies the law gives
 * (art. 33 judicial confirmation and then enforcement; art. 32 litigation), and a later check may
 * follow. The note is the mediator's own words, kept short; it names no ID numbers or phones.
 */
export const AgreementPerformanceRecorded = defineEvent({
  type: 'AgreementPerformanceRecorded',
  version: 1,
  topic: TOPICS.mediation,
  description:
    "A mediator recorded whether a mediation agreement was performed: performed (final), partly or not performed (with the law's remedies).",
  payload: z
    .object({
      performanceId: uuid,
      mediationId: uuid,
      agreementId: uuid,
      outcome: z.enum(PERFORMANCE_OUTCOMES),
      note: z.string().min(1).max(2000).nullable(),
      /** The agreement's performance deadline, when it has one. */
      performanceDeadline: isoDateTime.nullable(),
      /** Empty when performed; otherwise the remedies open to the parties. */
      remedies: z.array(z.enum(PERFORMANCE_REMEDIES)),
      recordedBy: z.string().min(1).max(128),
      recordedAt: isoDateTime,
    })
    .refine((p) => (p.outcome === 'performed') === (p.remedies.length === 0), {
      message: 'remedies are given exactly when the agreement was not (fully) performed',
      path: ['remedies'],
    }),
});
