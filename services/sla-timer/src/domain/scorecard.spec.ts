import { computeScorecards, nearestRank, type ScorecardRow } from './scorecard';

const T0 = Date.parse('2026-11-02T08:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);

function row(groupId: string, overrides: Partial<ScorecardRow>): ScorecardRow {
  return {
    groupId,
    groupName: groupId.toUpperCase(),
    summonedAt: at(0),
    deadline: at(30),
    acknowledgedAt: null,
    arrivedAt: null,
    withdrawn: false,
    ...overrides,
  };
}

describe('nearestRank', () => {
  it('takes the value at rank ceil(p × n)', () => {
    expect(nearestRank([10, 20, 30, 40], 50)).toBe(20);
    expect(nearestRank([10, 20, 30, 40], 90)).toBe(40);
    expect(nearestRank([7], 90)).toBe(7);
    expect(nearestRank([], 50)).toBeNull();
  });
});

describe('computeScorecards', () => {
  const now = at(120);

  it('counts, rates and percentiles a department as a supervisor would by hand', () => {
    const [police] = computeScorecards(
      [
        row('police', { acknowledgedAt: at(2), arrivedAt: at(20) }), // on time
        row('police', { acknowledgedAt: at(4), arrivedAt: at(30) }), // on time, at the deadline
        row('police', { acknowledgedAt: at(6), arrivedAt: at(45) }), // late: a breach
        row('police', {}), // never came: a breach
        row('police', { withdrawn: true, acknowledgedAt: at(1) }), // declined and replaced: left out
      ],
      now,
    );
    expect(police).toEqual({
      id: 'police',
      name: 'POLICE',
      summons: 4,
      acknowledged: 3,
      arrived: 3,
      arrivedOnTime: 2,
      breaches: 2,
      responseRate: 0.75,
      onTimeRate: 0.5,
      timeToAcknowledgeSeconds: { p50: 240, p90: 360 },
      timeToArriveSeconds: { p50: 1800, p90: 2700 },
    });
  });

  it('does not judge a summons still running before its deadline', () => {
    const [card] = computeScorecards(
      [row('d', { arrivedAt: at(10) }), row('d', { summonedAt: at(110), deadline: at(140) })],
      now,
    );
    expect(card.onTimeRate).toBe(1);
    expect(card.breaches).toBe(0);
    expect(card.summons).toBe(2);
  });

  it('given a late acknowledgement, when the response rate is computed, then it is a miss: SPEC grades acknowledged in time', () => {
    const [card] = computeScorecards(
      [row('d', { acknowledgedAt: at(5), arrivedAt: at(25) }), row('d', { acknowledgedAt: at(40) })],
      now,
    );
    expect(card.responseRate).toBe(0.5);
    expect(card.acknowledged).toBe(2);
  });

  it('groups and orders by id, and a group with nothing decided has no rates', () => {
    const cards = computeScorecards(
      [row('b', { summonedAt: at(100), deadline: at(130) }), row('a', { arrivedAt: at(5) })],
      now,
    );
    expect(cards.map((c) => c.id)).toEqual(['a', 'b']);
    expect(cards[1].onTimeRate).toBeNull();
    expect(cards[1].timeToArriveSeconds).toEqual({ p50: null, p90: null });
  });
});
