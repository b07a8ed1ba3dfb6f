import { describe, expect, it } from 'vitest';
import { outcomesAllowed } from './performance';

const deadline = '2026-12-31T00:00:00.000Z';
const agreed = { state: 'agreed', performanceDueAt: deadline, performanceOutcome: null } as const;

describe("the agreement's performance form", () => {
  it('offers only performance ahead of time before the deadline', () => {
    expect(outcomesAllowed(agreed, new Date('2026-12-30T23:59:59.000Z'))).toEqual(['performed']);
  });

  it('offers every outcome, not performed first, from the deadline on and after a partial one', () => {
    const all = ['not-performed', 'performed', 'partly-performed'];
    expect(outcomesAllowed(agreed, new Date(deadline))).toEqual(all);
    expect(
      outcomesAllowed(
        { ...agreed, performanceOutcome: 'partly-performed' },
        new Date('2027-01-05T00:00:00Z'),
      ),
    ).toEqual(all);
    expect(outcomesAllowed({ ...agreed, performanceDueAt: null }, new Date('2020-01-01T00:00:00Z'))).toEqual(
      all,
    );
  });

  it('offers nothing once performed, nor without an agreement', () => {
    const later = new Date('2027-02-01T00:00:00Z');
    expect(outcomesAllowed({ ...agreed, performanceOutcome: 'performed' }, later)).toEqual([]);
    expect(outcomesAllowed({ ...agreed, state: 'open' }, later)).toEqual([]);
    expect(outcomesAllowed({ ...agreed, state: 'failed' }, later)).toEqual([]);
  });
});
