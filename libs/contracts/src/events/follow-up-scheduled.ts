import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime } from '../vocabulary';

/**
 * A closed case's follow-up (回访) is due by `dueAt` (its closing plus the center's follow-up
 * window, 3 days unless configured): from then on an unanswered follow-up counts against the
 * response rate. Emitted with every CaseClosed, so a case reopened and closed again is followed up
 * again.
 */
export const FollowUpScheduled = defineEvent({
  type: 'FollowUpScheduled',
  version: 1,
  topic: TOPICS.cases,
  description:
    'A closed case’s follow-up with its parties (回访) is due by dueAt; emitted with each CaseClosed.',
  payload: z.object({
    caseNo: z.string().min(1),
    closedAt: isoDateTime,
    dueAt: isoDateTime,
  }),
});
