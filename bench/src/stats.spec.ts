import { percentile, summarise } from './stats';

describe('bench statistics', () => {
  it('percentiles are nearest-rank', () => {
    expect(percentile([5, 1, 4, 2, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4], 99)).toBe(4);
    expect(percentile([], 50)).toBeNull();
  });

  it('a figure is the median of its runs, with their spread', () => {
    expect(summarise([30, 10, 20])).toEqual({ median: 20, spread: 20, runs: [30, 10, 20] });
    expect(summarise([10, 40])).toEqual({ median: 25, spread: 30, runs: [10, 40] });
    expect(() => summarise([])).toThrow('no runs');
  });

  it('rounds every run alike (to 2 digits unless told)', () => {
    expect(summarise([3.456, 3.994, 2.871]).runs).toEqual([3.46, 3.99, 2.87]);
    expect(summarise([0.00421, 0.0051], 4)).toEqual({
      median: 0.0047,
      spread: 0.0009,
      runs: [0.0042, 0.0051],
    });
  });
});
