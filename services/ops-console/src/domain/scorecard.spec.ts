import { computeScorecards, percentile, type SummonsFact } from './scorecard';

const t0 = new Date('2018-10-15T08:00:00Z');
const plus = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const options = { now: plus(600), onSiteResolutionSeconds: 24 * 3600 };

function fact(over: Partial<SummonsFact>): SummonsFact {
  return {
    groupId: 'traffic',
    groupName: 'Traffic police',
    caseId: 'case-1',
    summonedAt: t0,
    deadline: plus(30),
    acknowledgedAt: null,
    arrivedAt: null,
    declinedAt: null,
    stoodDownAt: null,
    whistleBlownAt: t0,
    agreementAt: null,
    mediationFailedAt: null,
    confirmation: null,
    ...over,
  };
}

describe('scorecards', () => {
  it('given a summons stood down past its deadline without arriving, then it is not judged: not a miss', () => {
    const [card] = computeScorecards(
      [
        fact({ caseId: 'a', acknowledgedAt: plus(2), arrivedAt: plus(20) }),
        fact({ caseId: 'b', stoodDownAt: plus(40) }),
      ],
      options,
    );
    expect(card).toMatchObject({ summoned: 2, responseRate: 1, onTimeArrivalRate: 1 });
    const [without] = computeScorecards([fact({ caseId: 'b' })], options);
    expect(without).toMatchObject({ responseRate: 0, onTimeArrivalRate: 0 });
  });

  it('computes response, on-time and time-to-arrive per department', () => {
    const [card] = computeScorecards(
      [
        fact({ caseId: 'a', acknowledgedAt: plus(2), arrivedAt: plus(20) }),
        fact({ caseId: 'b', acknowledgedAt: plus(5), arrivedAt: plus(40) }),
        fact({ caseId: 'c', arrivedAt: plus(10) }),
        fact({ caseId: 'd', acknowledgedAt: plus(31) }),
      ],
      options,
    );
    expect(card).toMatchObject({
      id: 'traffic',
      summoned: 4,
      responseRate: 0.75,
      onTimeArrivalRate: 0.5,
      timeToArriveSeconds: { p50: 1200, p90: 2400 },
    });
  });

  it('leaves a summons whose deadline is still ahead out of the rates', () => {
    const [card] = computeScorecards(
      [fact({ arrivedAt: plus(5) }), fact({ caseId: 'b', deadline: plus(700) })],
      options,
    );
    expect(card!.onTimeArrivalRate).toBe(1);
  });

  it('given a declined summons, when rates are computed, then it is not judged: the replacement is (SPEC)', () => {
    const [card] = computeScorecards(
      [fact({ arrivedAt: plus(5) }), fact({ caseId: 'b', declinedAt: plus(3) })],
      options,
    );
    expect(card).toMatchObject({ summoned: 2, responseRate: 1, onTimeArrivalRate: 1 });
  });

  it('counts mediation, on-site resolution and confirmation once per case', () => {
    const cards = computeScorecards(
      [
        fact({ caseId: 'a', agreementAt: plus(360), confirmation: 'granted' }),
        fact({
          caseId: 'a',
          groupId: 'judicial',
          groupName: 'Judicial office',
          agreementAt: plus(360),
          confirmation: 'granted',
        }),
        fact({ caseId: 'b', agreementAt: plus(3 * 24 * 60), confirmation: 'rejected' }),
        fact({ caseId: 'c', mediationFailedAt: plus(100) }),
        fact({ caseId: 'd' }),
      ],
      options,
    );
    const traffic = cards.find((c) => c.id === 'traffic')!;
    expect(traffic).toMatchObject({
      mediationSuccessRate: 0.6667,
      onSiteResolutionRate: 0.25,
      confirmationRate: 0.5,
    });
    expect(cards.map((c) => c.id)).toEqual(['judicial', 'traffic']);
  });

  it('answers null, not zero, for what cannot be measured yet', () => {
    const [card] = computeScorecards([fact({ deadline: plus(700) })], options);
    expect(card).toMatchObject({
      responseRate: null,
      onTimeArrivalRate: null,
      mediationSuccessRate: null,
      confirmationRate: null,
      timeToArriveSeconds: { p50: null, p90: null },
    });
  });

  it('takes nearest-rank percentiles', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([10], 90)).toBe(10);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
  });
});
