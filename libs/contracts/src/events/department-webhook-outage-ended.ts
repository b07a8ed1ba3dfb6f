import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime } from '../vocabulary';

/** A failing department webhook took a delivery again: the outage DepartmentWebhookOutageDetected began is over. */
export const DepartmentWebhookOutageEnded = defineEvent({
  type: 'DepartmentWebhookOutageEnded',
  version: 1,
  topic: TOPICS.departmentResponses,
  stream: 'outside-health',
  description:
    'A department’s failing webhook took a delivery again. Key: the outside-health stream id, not a case.',
  payload: z.object({
    departmentId: z.string().min(1),
    failingSince: isoDateTime,
    recoveredAt: isoDateTime,
  }),
});
