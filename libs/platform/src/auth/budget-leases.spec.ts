import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LeasedBudget, leaseSize, MOST_LEASED } from './budget-leases';

/** One shared count (in memory here, a table in a service) that says how often it was asked. */
class CountingLimiter extends RateLimiterMemory {
  asked = 0;

  override consume(key: string | number, points?: number, options?: object) {
    this.asked += 1;
    return super.consume(key, points, options);
  }
}

const sharedCount = (limit: number) => new CountingLimiter({ points: limit, duration: 60 });

/** Replicas over one count take turns, as a load balancer sends a caller's requests. */
async function alternate(replicas: LeasedBudget[], requests: number): Promise<boolean[]> {
  const allowed: boolean[] = [];
  for (let i = 0; i < requests; i += 1)
    allowed.push((await replicas[i % replicas.length]!.take('caller')).allowed);
  return allowed;
}

describe('leaseSize: how far ahead a replica may count', () => {
  it('takes nothing ahead before it has heard from the shared count in this window', () => {
    expect(leaseSize(undefined, 300)).toBe(0);
  });

  it('takes nothing ahead of a small budget, so its count stays exact across replicas', () => {
    expect(leaseSize(3, 4)).toBe(0);
    expect(leaseSize(7, 8)).toBe(0);
  });

  it('takes an eighth of what is left while over half is left, at most MOST_LEASED', () => {
    expect(leaseSize(299, 300)).toBe(MOST_LEASED);
    expect(leaseSize(100, 160)).toBe(12);
    expect(leaseSize(80, 160)).toBe(10);
    expect(leaseSize(14, 15)).toBe(1);
  });

  it('counts the last half of a budget request by request', () => {
    expect(leaseSize(79, 160)).toBe(0);
    expect(leaseSize(0, 160)).toBe(0);
  });
});

describe('LeasedBudget: replicas spending one shared budget', () => {
  it('allows exactly the budget across two replicas, asking the shared count far less often', async () => {
    const shared = sharedCount(64);
    const replicas = [new LeasedBudget(shared, 64), new LeasedBudget(shared, 64)];
    const allowed = await alternate(replicas, 80);
    expect(allowed.filter(Boolean)).toHaveLength(64);
    expect(allowed.slice(64)).toEqual(Array(16).fill(false));
    expect(shared.asked).toBeLessThan(64);
  });

  it('keeps a small budget exact: 4 allowed in all, then refused', async () => {
    const shared = sharedCount(4);
    const allowed = await alternate([new LeasedBudget(shared, 4), new LeasedBudget(shared, 4)], 6);
    expect(allowed).toEqual([true, true, true, true, false, false]);
    expect(shared.asked).toBe(6);
  });

  it('gives a lease back when another replica spent the rest meanwhile, and allows the request if its own point fits', async () => {
    const shared = sharedCount(32);
    const [first, second] = [new LeasedBudget(shared, 32), new LeasedBudget(shared, 32)];
    expect(await first.take('caller')).toEqual({ allowed: true }); // hears 31 left: its next asks for 1 + 3
    for (let i = 0; i < 30; i += 1) expect((await second.take('caller')).allowed).toBe(true);
    expect(await first.take('caller')).toEqual({ allowed: true }); // the 32nd, though its lease did not fit
    expect((await shared.get('caller'))?.consumedPoints).toBe(32);
    expect((await first.take('caller')).allowed).toBe(false);
    expect((await second.take('caller')).allowed).toBe(false);
  });

  it('does not spend what it took ahead once the window those points belong to has ended', async () => {
    const shared = sharedCount(300);
    let now = 1_000_000;
    const replica = new LeasedBudget(shared, 300, () => now);
    await replica.take('caller');
    await replica.take('caller'); // takes MOST_LEASED ahead
    const asked = shared.asked;
    await replica.take('caller');
    expect(shared.asked).toBe(asked); // spent from the lease
    now += 61_000;
    await replica.take('caller');
    expect(shared.asked).toBe(asked + 1); // a new window: the shared count is asked again
  });

  it('refuses with how long to wait', async () => {
    const shared = sharedCount(1);
    const replica = new LeasedBudget(shared, 1);
    await replica.take('caller');
    const refused = await replica.take('caller');
    expect(refused.allowed).toBe(false);
    if (!refused.allowed) expect(refused.retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });
});
