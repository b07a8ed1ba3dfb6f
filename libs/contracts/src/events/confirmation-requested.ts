import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * The parties of a mediation agreement applied, all of them consenting, for a court to confirm it
 * (People's Mediation Law art. 33). The application goes to the court from here; it is not yet
 * accepted.
 */
export const ConfirmationRequested = defineEvent({
  type: 'ConfirmationRequested',
  version: 1,
  topic: TOPICS.judicial,
  description:
    'All parties of a mediation agreement applied for judicial confirmation; the application is being filed with the court.',
  payload: z.object({
    requestId: uuid,
    agreementId: uuid,
    courtId: z.string().min(1).max(64),
    /** Names of the parties applying: every party of the agreement. */
    consentingParties: z.array(z.string().min(1).max(200)).min(1),
    requestedAt: isoDateTime,
    /** End of the 30-day window that ran from the agreement's effective date. */
    windowClosesAt: isoDateTime,
  }),
});
