import type { PartitionBehind } from '../broker/broker';

/** What the guard sees of a consumer at one check. */
export interface ProgressCheck {
  /** Batches handed to the handler so far (a counter that only grows). */
  batchesBegun: number;
  /**
   * Batches in the handler now. A handler that holds its partition on purpose (through a database
   * outage, or for code that knows a newer event version) has it in hand, so it is no stall.
   */
  batchesInHandler: number;
  behind: PartitionBehind[];
}

const keyOf = (p: PartitionBehind) => `${p.topic}|${p.partition}`;

/**
 * The partitions a consumer has left behind: behind at two checks in a row at the same position,
 * with no batch handed over in between and none in the handler at either check. kafkajs fetches
 * on its own and hands over whatever it fetched, so a lagging partition with nothing handed over
 * for a whole interval means its fetch loop has stopped, which it can do without an error when a
 * broker goes down mid-fetch (the fault suite's rolling restart saw it: the group stable, this
 * member heartbeating, nothing fetched).
 */
export function stalledPartitions(earlier: ProgressCheck, now: ProgressCheck): PartitionBehind[] {
  if (now.batchesBegun !== earlier.batchesBegun) return [];
  if (earlier.batchesInHandler > 0 || now.batchesInHandler > 0) return [];
  const positionBefore = new Map(earlier.behind.map((p) => [keyOf(p), p.position]));
  return now.behind.filter((p) => positionBefore.get(keyOf(p)) === p.position);
}

export type { PartitionBehind };

export interface StallGuardOptions {
  everyMs: number;
  /** Null when there is nothing to look at (no consumer running), or it could not be seen now. */
  observe: () => Promise<ProgressCheck | null>;
  restart: (stalled: PartitionBehind[]) => Promise<void>;
  /** Told of a restart that failed; the guard tries again after two more checks. */
  onRestartFailed?: (error: unknown, stalled: PartitionBehind[]) => void;
}

/**
 * Looks at a consumer every `everyMs` and restarts it when `stalledPartitions` says it has left
 * partitions behind. A check that cannot see the consumer (Kafka unreachable, no consumer yet)
 * forgets the earlier one, so a restart always rests on two checks a whole interval apart.
 */
export class StallGuard {
  private timer: NodeJS.Timeout | null = null;
  private earlier: ProgressCheck | null = null;
  private checking: Promise<PartitionBehind[]> | null = null;

  constructor(private readonly options: StallGuardOptions) {}

  start(): void {
    if (this.timer) return;
    // `check` reports a failed restart itself; whatever else escapes must not become an unhandled
    // rejection, which would stop the process.
    this.timer = setInterval(() => void this.check().catch(() => undefined), this.options.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.checking?.catch(() => undefined);
  }

  /** One check (the timer's, or a test's); answers what it found stalled and restarted (none when the restart failed). */
  check(): Promise<PartitionBehind[]> {
    this.checking ??= this.checkOnce().finally(() => (this.checking = null));
    return this.checking;
  }

  private async checkOnce(): Promise<PartitionBehind[]> {
    const now = await this.options.observe().catch(() => null);
    const earlier = this.earlier;
    this.earlier = now;
    if (!now || !earlier) return [];
    const stalled = stalledPartitions(earlier, now);
    if (stalled.length === 0) return [];
    this.earlier = null; // the restarted consumer is judged afresh
    try {
      await this.options.restart(stalled);
    } catch (error) {
      this.options.onRestartFailed?.(error, stalled);
      return [];
    }
    return stalled;
  }
}
