import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  it('allows a burst up to capacity, then says how long to wait, then refills', () => {
    let now = 0;
    const limiter = new RateLimiter(60, 3, () => now);
    expect([1, 2, 3].map(() => limiter.take('op-1').allowed)).toEqual([true, true, true]);
    expect(limiter.take('op-1')).toEqual({ allowed: false, retryAfterSeconds: 1 });
    expect(limiter.take('op-2').allowed).toBe(true); // per caller
    now += 1000;
    expect(limiter.take('op-1').allowed).toBe(true);
  });
});
