import { z } from 'zod';

/** Dispute types of the official people's-mediation statistics (SPEC). */
export const DISPUTE_TYPES = [
  'marriage_family',
  'neighbour',
  'housing_site',
  'contract',
  'business',
  'damages',
  'forest_land',
  'land_requisition',
  'pollution',
  'labour',
  'consumer',
  'medical',
  'road_traffic',
  'property_management',
  'other',
] as const;
export type DisputeType = (typeof DISPUTE_TYPES)[number];

export const URGENCIES = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof URGENCIES)[number];

export const CASE_CHANNELS = ['walk_in', 'hotline', 'online', 'grid_report', 'referral', 'petition'] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];

/** "Small matters stay in the village, big matters stay in the town": the three tiers of centers. */
export const CENTER_TIERS = ['district', 'town', 'village'] as const;
export type CenterTier = (typeof CENTER_TIERS)[number];

export const PARTY_ROLES = ['applicant', 'respondent', 'third_party'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];

export const ACTOR_ROLES = [
  'clerk',
  'operator',
  'liaison',
  'mediator',
  'supervisor',
  'ops',
  'court',
  'system',
] as const;
export type ActorRole = (typeof ACTOR_ROLES)[number];

export const isoDateTime = z.iso.datetime({ offset: false });
export const uuid = z.uuid();
export const disputeType = z.enum(DISPUTE_TYPES);
export const urgency = z.enum(URGENCIES);

/** A summoned department as events carry it: enough for a reader to show it without a lookup. */
export const summonedDepartment = z.object({
  summonsId: uuid,
  departmentId: z.string().min(1),
  departmentName: z.string().min(1),
  departmentKind: z.string().min(1),
});
export type SummonedDepartment = z.infer<typeof summonedDepartment>;
