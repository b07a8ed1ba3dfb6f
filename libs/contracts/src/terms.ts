/**
 * The lists the contracts are written in (SPEC's vocabulary): pure constants, no zod, no Node,
 * so the workstation's browser bundle imports this very file (ops-console/web/src/vocabulary.ts)
 * instead of a copy. The zod schemas that use them are in vocabulary.ts and events/*.ts.
 */
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

/**
 * How a case came in. `open311`: submitted by a city's 12345 front end or a resident app through
 * intake's Open311 GeoReport v2 endpoint, never chosen by a clerk at the window.
 */
export const CASE_CHANNELS = [
  'walk_in',
  'hotline',
  'online',
  'grid_report',
  'referral',
  'petition',
  'open311',
] as const;
export type CaseChannel = (typeof CASE_CHANNELS)[number];
/** The channels a clerk may register a case under: every one but `open311`, which only the Open311 endpoint sets. */
export const WINDOW_CHANNELS = CASE_CHANNELS.filter(
  (c): c is Exclude<CaseChannel, 'open311'> => c !== 'open311',
);

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

/** The approach ladder of a session: 情 (sentiment) → 理 (reason) → 法 (law) → 诉 (litigation). */
export const MEDIATION_APPROACH_LEVELS = ['sentiment', 'reason', 'law', 'litigation'] as const;
export type MediationApproachLevel = (typeof MEDIATION_APPROACH_LEVELS)[number];

/**
 * The "four levels, seven days" (四级七天) tier ladder a mediation climbs when a level misses its
 * deadline: grid worker → village mediation committee → town governance center → town party
 * committee and government.
 */
export const MEDIATION_TIER_LEVELS = [
  'grid_worker',
  'village_committee',
  'town_center',
  'town_government',
] as const;
export type MediationTierLevel = (typeof MEDIATION_TIER_LEVELS)[number];

/** Where the parties are sent when mediation fails. */
export const MEDIATION_REFERRALS = ['litigation', 'arbitration', 'administrative', 'none'] as const;
export type MediationReferral = (typeof MEDIATION_REFERRALS)[number];

/**
 * Matters of an agreement, by category. The court does not confirm agreements on identity,
 * adoption or marriage relationships (SPEC step 6), so the category travels with the agreement.
 */
export const AGREEMENT_MATTER_CATEGORIES = [
  'property',
  'debt',
  'compensation',
  'contract',
  'land_use',
  'labour',
  'maintenance',
  'identity_relationship',
  'adoption_relationship',
  'marriage_relationship',
  'other',
] as const;
export type AgreementMatterCategory = (typeof AGREEMENT_MATTER_CATEGORIES)[number];

/** Categories a court refuses to confirm (Civil Procedure Law interpretation, art. 357). */
export const UNCONFIRMABLE_MATTER_CATEGORIES: readonly AgreementMatterCategory[] = [
  'identity_relationship',
  'adoption_relationship',
  'marriage_relationship',
];

/**
 * What a mediator finds when an agreement's performance is checked (People's Mediation Law art.
 * 31: the committee supervises performance and urges the parties to perform).
 */
export const PERFORMANCE_OUTCOMES = ['performed', 'partly-performed', 'not-performed'] as const;
export type PerformanceOutcome = (typeof PERFORMANCE_OUTCOMES)[number];

/**
 * What the law leaves a party whose agreement is not (fully) performed: apply jointly for
 * judicial confirmation (art. 33, within 30 days of the agreement taking effect) and then for
 * enforcement when a confirmed agreement is still not performed; or sue on the agreement (art. 32).
 */
export const PERFORMANCE_REMEDIES = ['judicial-confirmation-then-enforcement', 'litigation'] as const;
export type PerformanceRemedy = (typeof PERFORMANCE_REMEDIES)[number];

/**
 * Why an earlier case is shown to the clerk as a possible repeat petition (重复来访): a party
 * with the same ID number or phone, or the same center and dispute type within 30 days.
 */
export const REPEAT_MATCHES = ['same_party', 'same_place_and_type'] as const;
export type RepeatMatch = (typeof REPEAT_MATCHES)[number];

/**
 * Which way a case moves between tiers (小事不出村、大事不出镇): `up` a center refers a case it
 * cannot resolve to its parent (上报: village → town → district), `down` a center hands one to a
 * center below it (交办).
 */
export const REFERRAL_DIRECTIONS = ['up', 'down'] as const;
export type ReferralDirection = (typeof REFERRAL_DIRECTIONS)[number];

/**
 * A party's answer to the follow-up after a case closes (回访): satisfied, basically satisfied
 * or unsatisfied; an unsatisfied answer reopens the case (issue #19 item 2).
 */
export const FOLLOW_UP_ANSWERS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export type FollowUpAnswer = (typeof FOLLOW_UP_ANSWERS)[number];

/** How a follow-up was answered: the party through the one-time link sent by SMS, or a clerk's call. */
export const FOLLOW_UP_CHANNELS = ['sms_link', 'phone'] as const;
export type FollowUpChannel = (typeof FOLLOW_UP_CHANNELS)[number];
