import {
  SUMMONS_ANSWERS,
  SUMMONS_STATUSES,
  isSummonsStatus,
  standDownApplies,
  summonsAnswerApplies,
  summonsStatusAfter,
  type SummonsAnswer,
  type SummonsStatus,
} from './summons-status';

describe('the life of a summons (SPEC "Summons states")', () => {
  const after = (status: string, answer: SummonsAnswer) => summonsStatusAfter(status, answer);

  it('given a notified summons, when any answer comes, then it moves to that answer', () => {
    for (const answer of SUMMONS_ANSWERS) expect(after('notified', answer)).toBe(answer);
  });

  it('given an acknowledged summons, when it arrives or declines, then it moves; a second acknowledgement does not', () => {
    expect(after('acknowledged', 'arrived')).toBe('arrived');
    expect(after('acknowledged', 'declined')).toBe('declined');
    expect(after('acknowledged', 'acknowledged')).toBeNull();
  });

  it('given a declined summons, when the department reports arrival, then it is refused: a decline is final', () => {
    expect(after('declined', 'arrived')).toBeNull();
    expect(summonsAnswerApplies('declined', 'arrived')).toBe(false);
  });

  it('given an answered summons (arrived or declined), when anything comes, then nothing moves it', () => {
    for (const status of ['arrived', 'declined'] as SummonsStatus[])
      for (const answer of SUMMONS_ANSWERS) expect(after(status, answer)).toBeNull();
  });

  it("given a status of one service's own (dispatch's replaced), when any answer comes, then nothing moves it", () => {
    for (const answer of SUMMONS_ANSWERS) expect(summonsAnswerApplies('replaced', answer)).toBe(false);
  });

  it('given a stood-down summons, when any answer comes, then nothing moves it: a stand-down is final', () => {
    for (const answer of SUMMONS_ANSWERS) expect(after('stood_down', answer)).toBeNull();
  });

  it('stands a summons down only before it arrived and when not declined or stood down already', () => {
    expect(standDownApplies('notified')).toBe(true);
    expect(standDownApplies('acknowledged')).toBe(true);
    for (const status of ['arrived', 'declined', 'stood_down', 'replaced'])
      expect(standDownApplies(status)).toBe(false);
  });

  it('knows its statuses and nothing else', () => {
    for (const status of SUMMONS_STATUSES) expect(isSummonsStatus(status)).toBe(true);
    expect(isSummonsStatus('replaced')).toBe(false);
    expect(isSummonsStatus(undefined)).toBe(false);
  });
});
