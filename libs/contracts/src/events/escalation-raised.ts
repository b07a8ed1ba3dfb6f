import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime, uuid } from '../vocabulary';

const raisedV1 = z.object({
  escalationId: uuid,
  breachId: uuid,
  whistleId: uuid,
  summonsId: uuid,
  departmentId: z.string().min(1),
  level: z.number().int().positive(),
  target: z.object({ kind: z.enum(['department_head', 'center']), id: z.string().min(1) }),
  raisedAt: isoDateTime,
});

/**
 * Version 1: still what sla-timer writes for every target a version 1 reader knows (the
 * department's head, a center), so consumers not yet redeployed keep reading the usual ladder;
 * upcast to version 2.
 */
export const EscalationRaisedV1 = defineEvent({
  type: 'EscalationRaised',
  version: 1,
  topic: TOPICS.sla,
  description:
    "A breach climbed the escalation ladder: level 1 to the department's head, level 2 to the center one tier up for supervision (督办).",
  payload: raisedV1,
});

export const EscalationRaised = defineEvent({
  type: 'EscalationRaised',
  version: 2,
  topic: TOPICS.sla,
  description:
    'A breach climbed the escalation ladder (督办), to the target its escalation policy names for the ' +
    "level: the department's head, the department's on-duty liaisons again (`on_duty_liaison`, id: " +
    "the department; version 2 only), or a center's supervisors. Written as version 1 whenever the " +
    'target is one version 1 knows.',
  payload: raisedV1.extend({
    target: z.object({
      kind: z.enum(['department_head', 'on_duty_liaison', 'center']),
      id: z.string().min(1),
    }),
  }),
  upcastFrom: {
    version: 1,
    upcast: (v1: z.infer<typeof raisedV1>) => v1,
  },
});
