import { describe, expect, it } from 'vitest';
import {
  directionKey,
  linkBody,
  matchKeys,
  rankedRepeats,
  repeatShare,
  shownSimilar,
  type SimilarCase,
} from './repeat-petitions';

const similar = (id: string, registeredAt: string, matchedBy: SimilarCase['matchedBy']): SimilarCase => ({
  id,
  caseNo: id,
  centerId: 'anlizha-village',
  disputeType: 'road_traffic',
  status: 'registered',
  summary: '',
  registeredAt,
  parties: [],
  matchedBy,
  linked: false,
});

describe('repeat petitions on the desk', () => {
  it('names why a case was shown, the same party first, ignoring what it does not know', () => {
    expect(matchKeys(['same_place_and_type', 'same_party', 'other'])).toEqual([
      'repeat.match.same_party',
      'repeat.match.same_place_and_type',
    ]);
    expect(matchKeys([])).toEqual([]);
  });

  it('shows cases of the same party first, then the newest', () => {
    const shown = shownSimilar([
      similar('a', '2026-10-01T00:00:00.000Z', ['same_place_and_type']),
      similar('b', '2025-01-01T00:00:00.000Z', ['same_party']),
      similar('c', '2026-10-05T00:00:00.000Z', ['same_place_and_type']),
    ]);
    expect(shown.map((s) => s.id)).toEqual(['b', 'c', 'a']);
  });

  it('sends the reason trimmed, and none when blank', () => {
    expect(linkBody('x', '  same accident ')).toEqual({ linkedCaseId: 'x', reason: 'same accident' });
    expect(linkBody('x', '   ')).toEqual({ linkedCaseId: 'x' });
    expect(linkBody('x')).toEqual({ linkedCaseId: 'x' });
  });

  it('names each side of a link', () => {
    expect(directionKey({ direction: 'repeat_of' })).toBe('repeat.repeatOf');
    expect(directionKey({ direction: 'repeated_by' })).toBe('repeat.repeatedBy');
  });
});

describe('repeat petitions on the scorecards', () => {
  it('reads the share of repeats, none without registrations', () => {
    expect(repeatShare({ registered: 4, repeats: 1 })).toBe(0.25);
    expect(repeatShare({ registered: 0, repeats: 0 })).toBeNull();
  });

  it('ranks the centers with the most repeats first, then by share, then by id', () => {
    const ranked = rankedRepeats([
      { centerId: 'c', registered: 10, repeats: 1 },
      { centerId: 'a', registered: 2, repeats: 1 },
      { centerId: 'b', registered: 5, repeats: 3 },
      { centerId: 'd', registered: 2, repeats: 1 },
    ]);
    expect(ranked.map((r) => r.centerId)).toEqual(['b', 'a', 'd', 'c']);
  });
});
