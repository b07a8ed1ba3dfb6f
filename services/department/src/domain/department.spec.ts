import { parseCenterIds } from './department';

describe('center ids from a query string', () => {
  it('splits on commas, trims, drops blanks and repeats', () => {
    expect(parseCenterIds('shangqin-town, ganzhou-district,,shangqin-town ')).toEqual([
      'shangqin-town',
      'ganzhou-district',
    ]);
  });

  it('reads nothing usable as no filter at all', () => {
    expect(parseCenterIds(undefined)).toBeUndefined();
    expect(parseCenterIds(' , ')).toBeUndefined();
  });
});
