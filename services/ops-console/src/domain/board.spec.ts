import { countdownSignal, remainingSeconds, summonsStatus, type SummonsFacts } from './board';

const deadline = new Date('2018-10-15T08:30:00Z');
const facts = (over: Partial<SummonsFacts> = {}): SummonsFacts => ({
  deadline,
  acknowledgedAt: null,
  arrivedAt: null,
  declinedAt: null,
  reassignedAt: null,
  stoodDownAt: null,
  warnedAt: null,
  breachedAt: null,
  breachRetractedAt: null,
  ...over,
});
const at = (iso: string) => new Date(iso);

describe('the board countdown', () => {
  it('given a summons stood down by the operator, even past its deadline, then it stops counting and is not red (not a miss)', () => {
    const stood = facts({
      acknowledgedAt: at('2018-10-15T08:05:00Z'),
      stoodDownAt: at('2018-10-15T08:10:00Z'),
    });
    expect(summonsStatus(stood)).toBe('stood_down');
    expect(countdownSignal(stood, at('2018-10-15T09:00:00Z'), 600)).toBe('done');
  });

  it('is green with time to spare, amber within the warning window, red once the deadline passed', () => {
    expect(countdownSignal(facts(), at('2018-10-15T08:05:00Z'), 600)).toBe('green');
    expect(countdownSignal(facts(), at('2018-10-15T08:20:00Z'), 600)).toBe('amber');
    expect(countdownSignal(facts(), at('2018-10-15T08:30:00Z'), 600)).toBe('red');
  });

  it('turns amber as soon as sla-timer warned, whatever the local window says', () => {
    expect(
      countdownSignal(facts({ warnedAt: at('2018-10-15T08:05:00Z') }), at('2018-10-15T08:05:00Z'), 60),
    ).toBe('amber');
  });

  it('is red at the breach, even if the clocks disagree about the deadline', () => {
    const breached = facts({ breachedAt: at('2018-10-15T08:30:00Z') });
    expect(summonsStatus(breached)).toBe('breached');
    expect(countdownSignal(breached, at('2018-10-15T08:00:00Z'), 600)).toBe('red');
  });

  it('stops counting once the department arrived, declined or was replaced', () => {
    for (const over of [
      { arrivedAt: at('2018-10-15T08:10:00Z') },
      { declinedAt: at('2018-10-15T08:10:00Z') },
      { declinedAt: at('2018-10-15T08:10:00Z'), reassignedAt: at('2018-10-15T08:11:00Z') },
    ])
      expect(countdownSignal(facts(over), at('2018-10-15T09:00:00Z'), 600)).toBe('done');
  });

  it('tells an arrival after a breach from one whose breach was retracted', () => {
    const late = facts({ breachedAt: at('2018-10-15T08:30:00Z'), arrivedAt: at('2018-10-15T08:35:00Z') });
    expect(summonsStatus(late)).toBe('arrived_late');
    expect(summonsStatus({ ...late, breachRetractedAt: at('2018-10-15T08:36:00Z') })).toBe('arrived');
    expect(summonsStatus(facts({ acknowledgedAt: at('2018-10-15T08:01:00Z') }))).toBe('acknowledged');
    expect(summonsStatus(facts())).toBe('notified');
  });

  it('counts whole seconds down to the deadline and below zero after it', () => {
    expect(remainingSeconds(deadline, at('2018-10-15T08:29:58.500Z'))).toBe(1);
    expect(remainingSeconds(deadline, at('2018-10-15T08:30:05Z'))).toBe(-5);
  });
});
