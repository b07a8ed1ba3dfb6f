import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

export const EscalationRaised = defineEvent({
  type: 'EscalationRaised',
  version: 1,
  topic: TOPICS.sla,
  description:
    "A breach climbed the escalation ladder: level 1 to the department's head, level 2 to the center one tier up for supervision (督办).",
  payload: z.object({
    escalationId: uuid,
    breachId: uuid,
    whistleId: uuid,
    summonsId: uuid,
    departmentId: z.string().min(1),
    level: z.number().int().positive(),
    target: z.object({ kind: z.enum(['department_head', 'center']), id: z.string().min(1) }),
    raisedAt: isoDateTime,
  }),
});
