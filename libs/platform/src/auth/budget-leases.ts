import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** A budget that spends one request of a caller's at a time. */
export interface SpendableBudget {
  take(key: string): Promise<LimitVerdict>;
}

function refusedFor(refusal: RateLimiterRes): LimitVerdict {
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
}

/** Every request counted where the limiter counts (one process's memory: nothing to lease). */
export class CountedBudget implements SpendableBudget {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  async take(key: string): Promise<LimitVerdict> {
    try {
      await this.limiter.consume(key);
      return { allowed: true };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return refusedFor(refusal);
    }
  }
}

/** The most a replica takes ahead for one caller: at most this many requests it counts alone. */
export const MOST_LEASED = 16;

/**
 * How many points a request should take ahead of need, given what the shared count said was
 * left in this window at the caller's previous request here (undefined: not known in this window).
 * Nothing while half the budget or less was left, so the last half of every budget is counted
 * request by request in the shared table; above that, an eighth of what was left, at most
 * MOST_LEASED. A budget of 8 or less is thus never leased (at most 7 are left after a first
 * request), which keeps a small budget's count exact across replicas.
 */
export function leaseSize(lastRemaining: number | undefined, limit: number): number {
  if (lastRemaining === undefined || lastRemaining * 2 < limit) return 0;
  return Math.min(MOST_LEASED, Math.floor(lastRemaining / 8));
}

interface Held {
  /** Points taken from the shared count and not yet spent. */
  credit: number;
  /** What the shared count said was left, at the last request that went to it. */
  remaining: number;
  /** When the window those points belong to ends (this process's clock). */
  endsAt: number;
}

const PRUNE_ABOVE = 10_000;

/**
 * One budget shared by every replica (the table RateLimiterPostgres counts in), spent through a
 * lease: a request that goes to the shared count may take a few points more than its own, and the
 * replica spends them on the caller's next requests without a statement. Every point is counted
 * in the shared table before it is spent, so the replicas together never allow more than the
 * budget. What a lease can do is refuse a caller at one replica while another still holds points
 * of the caller's: at most MOST_LEASED, and only while over half the budget is left (`leaseSize`).
 * Each request was one statement; a busy caller is now about one in seventeen.
 */
export class LeasedBudget implements SpendableBudget {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly shared: RateLimiterAbstract,
    private readonly limit: number,
    /** rate-limiter-flexible times its windows by Date.now, so the leases of a window do too. */
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string): Promise<LimitVerdict> {
    const at = this.now();
    const current = this.current(key, at);
    if (current && current.credit > 0) {
      current.credit -= 1;
      return { allowed: true };
    }
    const lease = leaseSize(current?.remaining, this.limit);
    try {
      const answer = await this.shared.consume(key, 1 + lease);
      this.remember(key, at, lease, answer.remainingPoints, answer.msBeforeNext);
      return { allowed: true };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return this.refused(key, at, lease, refusal);
    }
  }

  /**
   * The shared count refused 1 + lease points. The lease is given back; the request alone is
   * allowed when its own point still fitted (another replica spent the rest meanwhile).
   */
  private async refused(
    key: string,
    at: number,
    lease: number,
    refusal: RateLimiterRes,
  ): Promise<LimitVerdict> {
    if (lease > 0) {
      await this.shared.reward(key, lease);
      const spent = refusal.consumedPoints - lease;
      if (spent <= this.limit) {
        this.remember(key, at, 0, this.limit - spent, refusal.msBeforeNext);
        return { allowed: true };
      }
    }
    this.remember(key, at, 0, 0, refusal.msBeforeNext);
    return refusedFor(refusal);
  }

  private current(key: string, at: number): Held | undefined {
    const held = this.held.get(key);
    return held && held.endsAt > at ? held : undefined;
  }

  /**
   * Adds the lease to what is held, read again now: another request of the caller may have
   * returned from the shared count meanwhile with a lease of its own.
   */
  private remember(key: string, at: number, lease: number, remaining: number, msBeforeNext: number): void {
    const current = this.current(key, at);
    if (!current && this.held.size >= PRUNE_ABOVE) this.prune(at);
    // Points of a window that ended were never spent and are not carried into the next.
    const credit = (current?.credit ?? 0) + lease;
    this.held.set(key, { credit, remaining, endsAt: at + msBeforeNext });
  }

  private prune(at: number): void {
    for (const [key, held] of this.held) if (held.endsAt <= at) this.held.delete(key);
  }
}
