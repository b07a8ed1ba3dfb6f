import { followUpRates, type FollowUpOutcome } from './scorecard-rates';

const T0 = Date.parse('2018-10-15T08:00:00Z');
const day = (n: number) => new Date(T0 + n * 86_400_000);

function followUp(over: Partial<FollowUpOutcome>): FollowUpOutcome {
  return { dueAt: day(3), answer: null, resolved: null, ...over };
}

describe('the follow-up rates (响应率、解决率、满意率)', () => {
  it('given nothing answered and nothing due, when judged, then every rate is null, not 0', () => {
    expect(followUpRates([followUp({})], day(1))).toEqual({
      responseRate: null,
      resolutionRate: null,
      satisfactionRate: null,
    });
  });

  it('given one answered and one past its due time unanswered, when judged, then half responded', () => {
    const rates = followUpRates(
      [
        followUp({ answer: 'basically_satisfied', resolved: true }),
        followUp({}),
        followUp({ dueAt: day(9) }),
      ],
      day(4),
    );
    expect(rates).toEqual({ responseRate: 0.5, resolutionRate: 1, satisfactionRate: 1 });
  });

  it('given answers of each kind, when judged, then basically satisfied counts as satisfied and resolution is the party’s word', () => {
    const rates = followUpRates(
      [
        followUp({ answer: 'satisfied', resolved: true }),
        followUp({ answer: 'basically_satisfied', resolved: false }),
        followUp({ answer: 'unsatisfied', resolved: false }),
      ],
      day(1),
    );
    expect(rates).toEqual({ responseRate: 1, resolutionRate: 0.3333, satisfactionRate: 0.6667 });
  });
});
