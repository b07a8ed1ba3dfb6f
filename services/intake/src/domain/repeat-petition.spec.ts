import { FixedClock } from '@chuishao/kernel';
import {
  REPEAT_WINDOW_DAYS,
  checkNewLink,
  countingPeriod,
  otherSideOf,
  repeatMatches,
  repeatWindowStart,
  similarEarlierCases,
  type RepeatCandidate,
  type RepeatSubject,
} from './repeat-petition';

const DAY = 24 * 60 * 60 * 1000;
const clock = new FixedClock(new Date('2026-10-08T02:00:00.000Z'));
const subject: RepeatSubject = {
  id: 'new',
  centerId: 'anlizha-village',
  disputeType: 'road_traffic',
  registeredAt: clock.now(),
};
const daysBefore = (days: number) => new Date(clock.now().getTime() - days * DAY);
const candidate = (over: Partial<RepeatCandidate>): RepeatCandidate => ({
  id: 'old',
  centerId: 'anlizha-village',
  disputeType: 'road_traffic',
  registeredAt: daysBefore(3),
  sharesParty: false,
  ...over,
});

describe('repeat petitions: which earlier cases match', () => {
  it('matches the same center and dispute type within 30 days, up to the window’s first instant', () => {
    expect(REPEAT_WINDOW_DAYS).toBe(30);
    expect(repeatWindowStart(subject.registeredAt)).toEqual(daysBefore(30));
    expect(repeatMatches(subject, candidate({}))).toEqual(['same_place_and_type']);
    expect(repeatMatches(subject, candidate({ registeredAt: daysBefore(30) }))).toEqual([
      'same_place_and_type',
    ]);
    expect(
      repeatMatches(subject, candidate({ registeredAt: new Date(daysBefore(30).getTime() - 1) })),
    ).toEqual([]);
  });

  it('does not match another center or another dispute type without a shared party', () => {
    expect(repeatMatches(subject, candidate({ centerId: 'other-village' }))).toEqual([]);
    expect(repeatMatches(subject, candidate({ disputeType: 'neighbour' }))).toEqual([]);
  });

  it('matches a shared party at any time and anywhere, with both reasons when both hold', () => {
    expect(
      repeatMatches(subject, candidate({ sharesParty: true, centerId: 'x', registeredAt: daysBefore(400) })),
    ).toEqual(['same_party']);
    expect(repeatMatches(subject, candidate({ sharesParty: true }))).toEqual([
      'same_party',
      'same_place_and_type',
    ]);
  });

  it('never matches the case itself or a later one', () => {
    expect(repeatMatches(subject, candidate({ id: 'new', sharesParty: true }))).toEqual([]);
    const later = new Date(clock.now().getTime() + 1);
    expect(repeatMatches(subject, candidate({ registeredAt: later, sharesParty: true }))).toEqual([]);
  });

  it('lists the matching earlier cases newest first, leaving the others out', () => {
    const found = similarEarlierCases(subject, [
      candidate({ id: 'a', registeredAt: daysBefore(10) }),
      candidate({ id: 'b', registeredAt: daysBefore(2), sharesParty: true }),
      candidate({ id: 'c', disputeType: 'labour' }),
    ]);
    expect(found.map((f) => [f.candidate.id, f.matchedBy])).toEqual([
      ['b', ['same_party', 'same_place_and_type']],
      ['a', ['same_place_and_type']],
    ]);
  });
});

describe('repeat petitions: links', () => {
  it('refuses a case linked to itself', () => {
    expect(() => checkNewLink({ caseId: 'a', linkedCaseId: 'a' }, [])).toThrow(
      expect.objectContaining({ code: 'CASE_LINK_TO_ITSELF' }),
    );
  });

  it('refuses a second link between the same two cases, in either direction', () => {
    const existing = [{ caseId: 'a', linkedCaseId: 'b' }];
    expect(() => checkNewLink({ caseId: 'a', linkedCaseId: 'b' }, existing)).toThrow(
      expect.objectContaining({ code: 'CASES_ALREADY_LINKED' }),
    );
    expect(() => checkNewLink({ caseId: 'b', linkedCaseId: 'a' }, existing)).toThrow(
      expect.objectContaining({ code: 'CASES_ALREADY_LINKED' }),
    );
    expect(() => checkNewLink({ caseId: 'a', linkedCaseId: 'c' }, existing)).not.toThrow();
  });

  it('shows each case the other side of a link', () => {
    const link = { caseId: 'new', linkedCaseId: 'old' };
    expect(otherSideOf(link, 'new')).toEqual({ otherCaseId: 'old', direction: 'repeat_of' });
    expect(otherSideOf(link, 'old')).toEqual({ otherCaseId: 'new', direction: 'repeated_by' });
  });
});

describe('repeat petitions: the counting period', () => {
  it('is the last 30 days up to the clock by default, or what is asked', () => {
    expect(countingPeriod(clock.now())).toEqual({ from: daysBefore(30), to: clock.now() });
    expect(countingPeriod(clock.now(), daysBefore(7))).toEqual({ from: daysBefore(7), to: clock.now() });
    expect(countingPeriod(clock.now(), undefined, daysBefore(1))).toEqual({
      from: daysBefore(31),
      to: daysBefore(1),
    });
  });

  it('refuses a period that ends before it starts, naming from', () => {
    expect(() => countingPeriod(clock.now(), daysBefore(1), daysBefore(2))).toThrow(
      expect.objectContaining({ code: 'INVALID_PERIOD', field: 'from' }),
    );
    expect(() => countingPeriod(clock.now(), undefined, new Date('+999999-01-01'))).toThrow(
      expect.objectContaining({ code: 'INVALID_PERIOD', field: 'to' }),
    );
  });
});
