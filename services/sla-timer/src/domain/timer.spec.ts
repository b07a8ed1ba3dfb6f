import { isCurrent, latenessMs, retryDelayMs, wakeDelayMs } from './timer';

const t = (ms: number) => new Date(Date.UTC(2018, 9, 15, 8, 0, 0, ms));

describe('timer rules', () => {
  it('measures lateness from the due time, never negative', () => {
    expect(latenessMs(t(0), t(150))).toBe(150);
    expect(latenessMs(t(150), t(0))).toBe(0);
  });

  it('lets only the generation that was claimed, still armed, fire', () => {
    expect(isCurrent({ generation: 2 }, { generation: 2, state: 'armed' })).toBe(true);
    expect(isCurrent({ generation: 2 }, { generation: 3, state: 'armed' })).toBe(false);
    expect(isCurrent({ generation: 2 }, { generation: 2, state: 'cancelled' })).toBe(false);
    expect(isCurrent({ generation: 2 }, { generation: 2, state: 'fired' })).toBe(false);
  });

  it('sleeps until the next due time, capped, and not at all when something is overdue', () => {
    expect(wakeDelayMs(t(400), t(100), 30000)).toBe(300);
    expect(wakeDelayMs(t(0), t(100), 30000)).toBe(0);
    expect(wakeDelayMs(t(60000), t(0), 5000)).toBe(5000);
    expect(wakeDelayMs(null, t(0), 5000)).toBe(5000);
  });

  it('backs off a failing handler up to a minute', () => {
    expect([1, 2, 3, 10].map(retryDelayMs)).toEqual([1000, 2000, 4000, 60000]);
  });
});
