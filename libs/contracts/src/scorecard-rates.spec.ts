import {
  answeredInTime,
  arrivedOnTime,
  nearestRank,
  onTimeArrivalRate,
  rateOf,
  responseRate,
  type SummonsOutcome,
} from './scorecard-rates';

const T0 = Date.parse('2018-10-15T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const now = at(120);

function summons(over: Partial<SummonsOutcome>): SummonsOutcome {
  return { deadline: at(30), acknowledgedAt: null, arrivedAt: null, ...over };
}

describe('the scorecard rates (SPEC: response = acknowledged in time; arrival on time)', () => {
  it('given answers before, at and after the deadline, when judged, then at the deadline is still in time', () => {
    expect(answeredInTime(summons({ acknowledgedAt: at(30) }))).toBe(true);
    expect(answeredInTime(summons({ acknowledgedAt: at(31) }))).toBe(false);
    expect(answeredInTime(summons({ arrivedAt: at(10) }))).toBe(true); // arriving answers too
    expect(arrivedOnTime(summons({ arrivedAt: at(30) }))).toBe(true);
    expect(arrivedOnTime(summons({ acknowledgedAt: at(1), arrivedAt: at(45) }))).toBe(false);
  });

  it('given decided summons, when the response rate is asked, then it is answered in time ÷ judged', () => {
    const all = [
      summons({ acknowledgedAt: at(2), arrivedAt: at(20) }),
      summons({ acknowledgedAt: at(5), arrivedAt: at(40) }),
      summons({ arrivedAt: at(10) }),
      summons({ acknowledgedAt: at(31) }), // late: a miss
    ];
    expect(responseRate(all, now)).toBe(0.75);
    expect(onTimeArrivalRate(all, now)).toBe(0.5);
  });

  it('given a summons still running, when nothing is known yet, then it is neither a hit nor a miss', () => {
    const running = summons({ deadline: at(150) });
    expect(responseRate([running], now)).toBeNull();
    expect(onTimeArrivalRate([running], now)).toBeNull();
    // Acknowledged already: its response is known, its arrival is not.
    const acknowledged = summons({ deadline: at(150), acknowledgedAt: at(100) });
    expect(responseRate([acknowledged], now)).toBe(1);
    expect(onTimeArrivalRate([acknowledged], now)).toBeNull();
  });

  it('given a deadline that is exactly now, when nobody came yet, then it is not judged: one may still come in time', () => {
    const due = summons({ deadline: now });
    expect(onTimeArrivalRate([due], now)).toBeNull();
    expect(responseRate([due], now)).toBeNull();
  });

  it('rounds to four decimals and answers null, not zero, for nothing judged', () => {
    expect(rateOf(2, 3)).toBe(0.6667);
    expect(rateOf(0, 0)).toBeNull();
    expect(rateOf(0, 4)).toBe(0);
  });

  it('takes nearest-rank percentiles', () => {
    expect(nearestRank([10, 20, 30, 40], 50)).toBe(20);
    expect(nearestRank([10, 20, 30, 40], 90)).toBe(40);
    expect(nearestRank([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([], 50)).toBeNull();
  });
});
