import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import {
  CASE_CHANNELS,
  CENTER_TIERS,
  PARTY_ROLES,
  disputeType,
  isoDateTime,
  urgency,
  uuid,
} from '../vocabulary';

export const CaseRegistered = defineEvent({
  type: 'CaseRegistered',
  version: 1,
  topic: TOPICS.cases,
  description:
    'A window clerk registered a dispute. Parties carry masked ID numbers and phones only; the center carries its path from the district down, so readers can route by tier without asking intake.',
  payload: z.object({
    caseNo: z.string().min(1),
    center: z.object({
      id: z.string().min(1),
      name: z.string().min(1),
      tier: z.enum(CENTER_TIERS),
      /** Ancestors first, the case's own center last (district → town → village). */
      path: z.array(z.string().min(1)).min(1),
    }),
    channel: z.enum(CASE_CHANNELS),
    disputeType,
    summary: z.string().min(1),
    headcount: z.number().int().positive(),
    urgency,
    parties: z
      .array(
        z.object({
          partyId: uuid,
          role: z.enum(PARTY_ROLES),
          name: z.string().min(1),
          idNumberMasked: z.string().nullable(),
          phoneMasked: z.string().nullable(),
        }),
      )
      .min(1),
    registeredAt: isoDateTime,
  }),
});
