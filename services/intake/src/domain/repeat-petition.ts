import type { DisputeType, RepeatMatch } from '@chuishao/contracts';
import { ConflictError, InvalidError } from '@chuishao/kernel';

/**
 * Repeat petitions (重复来访, issue #19 item 5): which earlier cases a clerk is shown when a
 * dispute is registered, and which links between cases may be made. Pure: the times come from
 * the cases (registered on the injected clock) and from the caller's clock.
 */

/** How far back a case at the same center with the same dispute type counts as a possible repeat. */
export const REPEAT_WINDOW_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;

/** What the rules need to know of a case: where, what, when. */
export interface RepeatSubject {
  id: string;
  centerId: string;
  disputeType: DisputeType;
  registeredAt: Date;
}

/** An earlier case as the store finds it, with whether one of its parties is one of ours. */
export interface RepeatCandidate extends RepeatSubject {
  /** A party of this case has the ID number or the phone of a party of the subject (keyed hash). */
  sharesParty: boolean;
}

/** The earliest registration a same-place-and-type case may have to count for `registeredAt`. */
export function repeatWindowStart(registeredAt: Date): Date {
  return new Date(registeredAt.getTime() - REPEAT_WINDOW_DAYS * DAY_MS);
}

/**
 * Why `candidate` may be a repeat of what `subject` is about, or none: only a case registered
 * before the subject; the same party at any time; the same center and dispute type within the
 * window before the subject's registration.
 */
export function repeatMatches(subject: RepeatSubject, candidate: RepeatCandidate): RepeatMatch[] {
  if (candidate.id === subject.id) return [];
  if (candidate.registeredAt.getTime() > subject.registeredAt.getTime()) return [];
  const matches: RepeatMatch[] = [];
  if (candidate.sharesParty) matches.push('same_party');
  const samePlaceAndType =
    candidate.centerId === subject.centerId && candidate.disputeType === subject.disputeType;
  if (
    samePlaceAndType &&
    candidate.registeredAt.getTime() >= repeatWindowStart(subject.registeredAt).getTime()
  )
    matches.push('same_place_and_type');
  return matches;
}

/** The earlier cases of `candidates` that match, each with why, newest first. */
export function similarEarlierCases<C extends RepeatCandidate>(
  subject: RepeatSubject,
  candidates: readonly C[],
): Array<{ candidate: C; matchedBy: RepeatMatch[] }> {
  return candidates
    .map((candidate) => ({ candidate, matchedBy: repeatMatches(subject, candidate) }))
    .filter((s) => s.matchedBy.length > 0)
    .sort(
      (a, b) =>
        b.candidate.registeredAt.getTime() - a.candidate.registeredAt.getTime() ||
        (a.candidate.id < b.candidate.id ? 1 : -1),
    );
}

/** A link between two cases, whichever made it: the repeat and the earlier case it repeats. */
export interface CaseLinkPair {
  caseId: string;
  linkedCaseId: string;
}

/**
 * Whether `wanted` may be made beside the links the two cases already have: never a case to
 * itself (409 CASE_LINK_TO_ITSELF), never twice in either direction (409 CASES_ALREADY_LINKED).
 */
export function checkNewLink(wanted: CaseLinkPair, existing: readonly CaseLinkPair[]): void {
  if (wanted.caseId === wanted.linkedCaseId)
    throw new ConflictError('CASE_LINK_TO_ITSELF', 'a case cannot be linked to itself', {
      field: 'linkedCaseId',
    });
  const same = (a: CaseLinkPair) =>
    (a.caseId === wanted.caseId && a.linkedCaseId === wanted.linkedCaseId) ||
    (a.caseId === wanted.linkedCaseId && a.linkedCaseId === wanted.caseId);
  if (existing.some(same)) throw alreadyLinked();
}

/** 409: the two cases are linked already (either way round). */
export function alreadyLinked(): ConflictError {
  return new ConflictError('CASES_ALREADY_LINKED', 'these two cases are already linked', {
    field: 'linkedCaseId',
  });
}

/** A link as one of its cases sees it: the other case, and whether this one is the repeat. */
export function otherSideOf(
  link: CaseLinkPair,
  caseId: string,
): { otherCaseId: string; direction: 'repeat_of' | 'repeated_by' } {
  return link.caseId === caseId
    ? { otherCaseId: link.linkedCaseId, direction: 'repeat_of' }
    : { otherCaseId: link.caseId, direction: 'repeated_by' };
}

/**
 * The period repeat petitions are counted over: [from, to), by default the 30 days up to `now`
 * (the injected clock's), as the console's scorecards. `from` must come before `to` (400 naming it).
 */
export function countingPeriod(now: Date, from?: Date, to?: Date): { from: Date; to: Date } {
  for (const [field, at] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (at && Number.isNaN(at.getTime())) throw new InvalidError('INVALID_PERIOD', 'not a time', field);
  const end = to ?? now;
  const start = from ?? new Date(end.getTime() - REPEAT_WINDOW_DAYS * DAY_MS);
  if (start.getTime() >= end.getTime())
    throw new InvalidError('INVALID_PERIOD', '`from` must be before `to`', 'from');
  return { from: start, to: end };
}
