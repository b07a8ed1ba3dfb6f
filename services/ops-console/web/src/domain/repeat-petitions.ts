/**
 * Repeat petitions (重复来访) as the clerk's desk and the case page show them: intake answers the
 * earlier cases (GET /cases/:id/similar) and the links (`linkedCases` on GET /cases/:id); this
 * orders what is shown and builds what is sent. Pure.
 */
import { REPEAT_MATCHES, type RepeatMatch } from '@chuishao/contracts/src/terms.ts';

export interface SimilarCase {
  id: string;
  caseNo: string;
  centerId: string;
  disputeType: string;
  status: string;
  summary: string;
  registeredAt: string;
  parties: Array<{ role: string; name: string; idNumberMasked: string | null; phoneMasked: string | null }>;
  matchedBy: RepeatMatch[];
  linked: boolean;
}

export interface LinkedCase {
  id: string;
  caseNo: string;
  centerId: string;
  disputeType: string;
  status: string;
  registeredAt: string;
  direction: 'repeat_of' | 'repeated_by';
  matchedBy: RepeatMatch[];
  reason: string | null;
  linkedAt: string;
}

/** The i18n keys of why a case was shown, in the contracts' order (the same party first). */
export function matchKeys(matchedBy: readonly string[]): string[] {
  return REPEAT_MATCHES.filter((m) => matchedBy.includes(m)).map((m) => `repeat.match.${m}`);
}

/** The same party first (the surest sign of a repeat), then newest first. */
export function shownSimilar(items: readonly SimilarCase[]): SimilarCase[] {
  const party = (c: SimilarCase) => (c.matchedBy.includes('same_party') ? 0 : 1);
  return [...items].sort((a, b) => party(a) - party(b) || b.registeredAt.localeCompare(a.registeredAt));
}

/** The body of POST /cases/:id/links: the reason trimmed, left out when blank. */
export function linkBody(linkedCaseId: string, reason = ''): { linkedCaseId: string; reason?: string } {
  const trimmed = reason.trim();
  return trimmed ? { linkedCaseId, reason: trimmed } : { linkedCaseId };
}

/** How the case page names the other side of a link. */
export function directionKey(linked: Pick<LinkedCase, 'direction'>): string {
  return linked.direction === 'repeat_of' ? 'repeat.repeatOf' : 'repeat.repeatedBy';
}

/** A center's repeat petitions over a period, as intake counts them (GET /repeat-petitions). */
export interface RepeatCount {
  centerId: string;
  registered: number;
  repeats: number;
}

/** The share of a center's registrations that were repeats; null without any registration. */
export function repeatShare(count: Pick<RepeatCount, 'registered' | 'repeats'>): number | null {
  return count.registered > 0 ? count.repeats / count.registered : null;
}

/** The centers with the most repeats first (ties by share, then by id), for the scorecards. */
export function rankedRepeats(counts: readonly RepeatCount[]): RepeatCount[] {
  return [...counts].sort(
    (a, b) =>
      b.repeats - a.repeats ||
      (repeatShare(b) ?? 0) - (repeatShare(a) ?? 0) ||
      a.centerId.localeCompare(b.centerId),
  );
}
