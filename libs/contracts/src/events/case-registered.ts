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

/** The channels of version 1, frozen: version 2 added `open311`. */
const V1_CHANNELS = ['walk_in', 'hotline', 'online', 'grid_report', 'referral', 'petition'] as const;

const registeredV1 = z.object({
  caseNo: z.string().min(1),
  center: z.object({
    id: z.string().min(1),
    name: z.string().min(1),
    tier: z.enum(CENTER_TIERS),
    /** Ancestors first, the case's own center last (district → town → village). */
    path: z.array(z.string().min(1)).min(1),
  }),
  channel: z.enum(V1_CHANNELS),
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
});

/** Version 1: kept while any producer on older code may still send it; upcast to version 2. */
export const CaseRegisteredV1 = defineEvent({
  type: 'CaseRegistered',
  version: 1,
  topic: TOPICS.cases,
  description:
    'A window clerk registered a dispute. Parties carry masked ID numbers and phones only; the center carries its path from the district down, so readers can route by tier without asking intake.',
  payload: registeredV1,
});

/**
 * Where the dispute is (issue 20 item 4): the address people use and, when known, its position
 * (WGS 84) — a clerk's map pick, or an Open311 request's lat/long. Departments' on-site reports are
 * compared with it. Optional: absent or null when the window did not take it.
 */
export const casePlace = z.object({
  address: z.string().min(1).max(200).nullable(),
  location: z
    .object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) })
    .nullable(),
});
export type CasePlace = z.infer<typeof casePlace>;

/**
 * Version 2 widens `channel` with `open311` (a request submitted through intake's Open311
 * GeoReport v2 endpoint): a consumer on version 1 would refuse such an event, so it is a new
 * version, and consumers deploy first. A version 1 event is a version 2 event as it stands.
 */
export const CaseRegistered = defineEvent({
  type: 'CaseRegistered',
  version: 2,
  topic: TOPICS.cases,
  description:
    'A dispute was registered, by a window clerk or through Open311 (channel open311), with its place when known. Parties carry masked ID numbers and phones only; the center carries its path from the district down, so readers can route by tier without asking intake.',
  payload: registeredV1.extend({ channel: z.enum(CASE_CHANNELS), place: casePlace.nullable().optional() }),
  upcastFrom: {
    version: 1,
    upcast: (v1: z.infer<typeof registeredV1>) => v1,
  },
});
