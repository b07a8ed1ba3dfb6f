import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime } from '../vocabulary';

/**
 * A closed case is open again: its party answered the follow-up unsatisfied, and the case goes
 * back to the operator's queue of the center holding it, with the party's comment.
 */
export const CaseReopened = defineEvent({
  type: 'CaseReopened',
  version: 1,
  topic: TOPICS.cases,
  description:
    'A closed case is open again after an unsatisfied follow-up; back in its center’s operator queue with the party’s comment.',
  payload: z.object({
    caseNo: z.string().min(1),
    comment: z.string().max(1000),
    reopenedAt: isoDateTime,
  }),
});
