import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const EscalationAcknowledged = defineEvent({
  type: 'EscalationAcknowledged',
  version: 1,
  topic: TOPICS.sla,
  description: 'A supervisor took charge of an escalation.',
  payload: z.object({
    escalationId: uuid,
    breachId: uuid,
    level: z.number().int().positive(),
    acknowledgedAt: isoDateTime,
    note: z.string().nullable(),
  }),
});
