import type { Logger } from '@chuishao/kernel';

/**
 * Up to `concurrency` lanes, each attempting due deliveries one after another until none is left.
 * A wake-up (new notifications committed) sends every lane looking; the sweep for retries come due
 * sends one, and the others join only when it finds something: an idle sweep is one claim, not
 * one per lane. Once one lane's claim, begun after the latest wake-up, finds nothing, the others
 * stop too rather than each claim once more to learn the same: an empty claim is a transaction
 * of three statements, and every burst of texts ended with one per lane.
 *
 * A wake-up may say how many claims its commit made due (`wake(due)`): then only that many lanes
 * open, and lanes stop claiming once the claims known to be due are taken, so a burst ends with
 * no empty claim at all. Every lane, the sweep included, counts against that budget; a wake-up or
 * sweep that does not know (a lost signal, a retry come due) lifts it until a claim finds nothing.
 * A claim that finds only what waits for a phone another lane is texting ends its lane but not
 * the others: the lane texting the phone takes it next.
 */
/**
 * What one claim came to: a delivery attempted; nothing due; or nothing to take while something
 * due waits for a phone whose text another attempt holds (delivery-claims.ts).
 */
export type ClaimOutcome = 'attempted' | 'none' | 'blocked';

export class DeliveryLanes {
  private stopped = true;
  private open = 0;
  /** Bumped by every wake-up and sweep: a lane that found nothing goes round again if it changed. */
  private wakeups = 0;
  /** The wake-ups count at the start of the last claim that found nothing; -1: none yet. */
  private drainedAt = -1;
  /** Claims known to be due and not begun; unknown (infinite) until a claim finds nothing. */
  private budget = Number.POSITIVE_INFINITY;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    /** Attempts one due delivery, and says what the claim came to. */
    private readonly attemptNext: () => Promise<ClaimOutcome>,
    private readonly concurrency: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.stopped = false;
  }

  /** Stops opening lanes and waits for the running ones' attempts to end. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.inFlight]);
  }

  /** Resolves once no lane runs (lanes a lane opened included). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** New deliveries were committed: `due` more claims to make, or an unknown number. */
  wake(due?: number): void {
    this.wakeups += 1;
    this.budget = due === undefined ? Number.POSITIVE_INFINITY : this.budget + due;
    this.openLanes(this.concurrency);
  }

  /** Retries may have come due: one lane looks. */
  sweep(): void {
    this.wakeups += 1;
    this.budget = Number.POSITIVE_INFINITY;
    this.openLanes(1);
  }

  private openLanes(upTo: number): void {
    // A lane takes its share of the budget as it opens (its first claim begins synchronously).
    while (!this.stopped && this.open < upTo && this.budget > 0) {
      this.open += 1;
      const lane: Promise<void> = this.lane().finally(() => {
        this.open -= 1;
        this.inFlight.delete(lane);
      });
      this.inFlight.add(lane);
    }
  }

  private async lane(): Promise<void> {
    for (;;) {
      if (this.stopped) return;
      const seen = this.wakeups;
      // Another lane found nothing due since the latest wake-up: nothing was committed or came due since.
      if (this.drainedAt === seen || this.budget <= 0) return;
      this.budget -= 1;
      try {
        const outcome = await this.attemptNext();
        if (outcome === 'attempted') {
          this.openLanes(this.concurrency);
          continue;
        }
        if (outcome === 'blocked') {
          // What is due waits for a phone another lane is texting: that lane goes round again once
          // its text is settled, on this share (a crashed text's phone: the sweep, after its lease).
          this.budget += 1;
          return;
        }
      } catch (error) {
        // A claim that failed left its delivery due (one that failed after its claim left it leased,
        // for when the lease runs out): give its share back, so a lane still open takes it rather
        // than it waiting for the sweep.
        this.budget += 1;
        this.logger.warn('delivery pass failed; the sweep tries again', {
          error: error instanceof Error ? error.message : String(error),
        });
        return;
      }
      if (seen === this.wakeups) {
        this.drainedAt = seen;
        this.budget = 0;
        return;
      }
    }
  }
}
