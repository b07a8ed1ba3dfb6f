import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime } from '../vocabulary';

/**
 * A department's webhook failed its last N delivery attempts in a row (N: the department service's
 * DEPARTMENT_WEBHOOK_FAILING_AFTER): its liaisons' system is not hearing summonses. Said once per
 * outage; DepartmentWebhookOutageEnded ends it.
 */
export const DepartmentWebhookOutageDetected = defineEvent({
  type: 'DepartmentWebhookOutageDetected',
  version: 1,
  topic: TOPICS.departmentResponses,
  stream: 'outside-health',
  description:
    'A department’s webhook failed its last N delivery attempts in a row: shown on the board and alerted until it recovers. Key: the outside-health stream id, not a case.',
  payload: z.object({
    departmentId: z.string().min(1),
    consecutiveFailures: z.number().int().positive(),
    /** The last attempt's failure category (an HTTP status or a network error), never a URL. */
    lastError: z.string().max(500).nullable(),
    failingSince: isoDateTime,
  }),
});
