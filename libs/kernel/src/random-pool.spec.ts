import { randomBytesFromPool } from './random-pool';

describe('randomBytesFromPool', () => {
  it('hands out fresh bytes of the size asked, across refills of the pool', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const bytes = randomBytesFromPool(16);
      expect(bytes).toHaveLength(16);
      seen.add(bytes.toString('hex'));
    }
    expect(seen.size).toBe(2000); // 2000 × 16 B spans several refills of the 8 KiB pool
  });

  it('gives copies: changing one does not touch the pool or the next', () => {
    const first = randomBytesFromPool(8);
    first.fill(0);
    expect(randomBytesFromPool(8).equals(Buffer.alloc(8))).toBe(false);
  });

  it('refuses more than the pool holds', () => {
    expect(() => randomBytesFromPool(8193)).toThrow(RangeError);
  });
});
