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
});
