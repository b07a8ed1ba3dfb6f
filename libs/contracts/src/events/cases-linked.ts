import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { REPEAT_MATCHES } from '../terms';
import { isoDateTime, uuid } from '../vocabulary';

/**
 * A clerk linked a case to an earlier one as a repeat petition (重复来访). The event is the
 * repeat's (keyed by its case id); the earlier case is named by id and number. `matchedBy` says
 * why intake showed the earlier case (empty when the clerk linked one it did not suggest). No
 * party, name, ID number or phone: the reason is the clerk's short note.
 */
export const CasesLinked = defineEvent({
  type: 'CasesLinked',
  version: 1,
  topic: TOPICS.cases,
  description:
    'A clerk linked a case to an earlier case as a repeat petition (重复来访); each case then shows the other.',
  payload: z.object({
    caseNo: z.string().min(1),
    /** The repeat's own center, for counting repeat petitions per center. */
    centerId: z.string().min(1),
    linkedCaseId: uuid,
    linkedCaseNo: z.string().min(1),
    linkedCenterId: z.string().min(1),
    matchedBy: z.array(z.enum(REPEAT_MATCHES)),
    reason: z.string().min(1).max(500).nullable(),
    linkedAt: isoDateTime,
  }),
});
