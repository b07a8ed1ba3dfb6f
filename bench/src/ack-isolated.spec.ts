import { combineStretches, isolatedMinimums, nextStretchSize } from './ack-isolated';

const full = isolatedMinimums(false);
const run = (requests: number, p99Ms: number, seconds: number) => ({
  requests,
  seconds,
  requestsPerSec: 0,
  p50Ms: p99Ms / 2,
  p99Ms,
  non2xx: 1,
  errors: 0,
});

describe('the acknowledge route alone: stretches until both minimums', () => {
  it('asks issue 22 for at least 10 s and 5,000 acknowledgements', () => {
    expect(full).toEqual({ acknowledgements: 5_000, seconds: 10 });
  });

  it('starts with the count', () => {
    expect(nextStretchSize(full, { acknowledgements: 0, seconds: 0 })).toBe(5_000);
  });

  it('after a stretch too short in time, asks for the rest of it at the rate seen, with a fifth more', () => {
    // 5,000 in 8 s is 625/s; 2 s more of that is 1,250, and 1,500 with the margin.
    expect(nextStretchSize(full, { acknowledgements: 5_000, seconds: 8 })).toBe(1_500);
  });

  it('never asks for a stretch of a few requests: its time would be the connections starting', () => {
    expect(nextStretchSize(full, { acknowledgements: 5_000, seconds: 9.9 })).toBe(300);
  });

  it('after a stretch long enough in time but short in count, asks for the rest of the count', () => {
    expect(nextStretchSize(full, { acknowledgements: 4_000, seconds: 12 })).toBe(1_000);
  });

  it('stops once both are reached', () => {
    expect(nextStretchSize(full, { acknowledgements: 5_000, seconds: 10 })).toBe(0);
  });

  it('counts every stretch over their summed time, and keeps the worst p99', () => {
    expect(combineStretches([run(5_000, 40, 8.4), run(1_500, 55, 2)])).toEqual({
      requests: 6_500,
      seconds: 10.4,
      requestsPerSec: 625,
      p50Ms: 27.5,
      p99Ms: 55,
      non2xx: 2,
      errors: 0,
    });
  });
});
