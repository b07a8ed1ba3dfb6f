/**
 * The lists of the contracts, in the order the windows show them. The lists themselves are the
 * contracts' own (libs/contracts/src/terms.ts, pure constants without zod or Node, so the browser
 * bundle takes that very file): a value added there reaches the forms with no copy to update.
 */
import {
  AGREEMENT_MATTER_CATEGORIES,
  DISPUTE_TYPES as CONTRACT_DISPUTE_TYPES,
  MEDIATION_APPROACH_LEVELS,
  MEDIATION_REFERRALS,
  PARTY_ROLES as CONTRACT_PARTY_ROLES,
  PERFORMANCE_OUTCOMES as CONTRACT_PERFORMANCE_OUTCOMES,
  UNCONFIRMABLE_MATTER_CATEGORIES,
  URGENCIES as CONTRACT_URGENCIES,
  WINDOW_CHANNELS,
} from '@chuishao/contracts/src/terms.ts';

/** `list` with `first` moved to the front: the choice a window makes most often comes first. */
export function shownFirst<T extends string>(list: readonly T[], first: T): readonly T[] {
  return [first, ...list.filter((value) => value !== first)];
}

/** Road traffic first: the window's commonest dispute (the whistle was first blown for one). */
export const DISPUTE_TYPES = shownFirst(CONTRACT_DISPUTE_TYPES, 'road_traffic');
export const URGENCIES = CONTRACT_URGENCIES;
/** What the clerk's form offers: `open311` is set by the Open311 endpoint only. */
export const CHANNELS = WINDOW_CHANNELS;
export const PARTY_ROLES = CONTRACT_PARTY_ROLES;
export const APPROACH_LEVELS = MEDIATION_APPROACH_LEVELS;
/**
 * What an agreement form offers: the categories a court may confirm (the others would only be
 * refused at filing), compensation first.
 */
export const MATTER_CATEGORIES = shownFirst(
  AGREEMENT_MATTER_CATEGORIES.filter((c) => !UNCONFIRMABLE_MATTER_CATEGORIES.includes(c)),
  'compensation',
);
export const REFERRALS = MEDIATION_REFERRALS;
/** A performance check: not performed first, the commonest reason to come back to a case. */
export const PERFORMANCE_OUTCOMES = shownFirst(CONTRACT_PERFORMANCE_OUTCOMES, 'not-performed');
