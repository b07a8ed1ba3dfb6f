import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { FOLLOW_UP_ANSWERS, FOLLOW_UP_CHANNELS, isoDateTime } from '../vocabulary';

/**
 * A party answered a closed case's follow-up (回访): through the one-time link sent by SMS or on
 * the phone to a clerk. `resolved` is the party's word on whether the dispute is settled (解决),
 * `answer` how satisfied they are (满意); the two make the resolution and satisfaction rates
 * (scorecard-rates.ts). One follow-up per closing; an unsatisfied answer is followed by
 * CaseReopened.
 */
export const FollowUpRecorded = defineEvent({
  type: 'FollowUpRecorded',
  version: 1,
  topic: TOPICS.cases,
  description:
    'A party answered a closed case’s follow-up (回访), by the one-time SMS link or on the phone to a clerk.',
  payload: z.object({
    caseNo: z.string().min(1),
    channel: z.enum(FOLLOW_UP_CHANNELS),
    answer: z.enum(FOLLOW_UP_ANSWERS),
    resolved: z.boolean(),
    comment: z.string().max(1000),
    /** When the case closed: the closing this follow-up answers. */
    closedAt: isoDateTime,
    recordedAt: isoDateTime,
  }),
});
