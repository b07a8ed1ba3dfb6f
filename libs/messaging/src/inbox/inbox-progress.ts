import type { DeliveryPosition } from './inbox';

interface Waiter {
  done: (value: void) => void;
  fail: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/** How many handled ids are remembered for a waiter that asks after the fact. */
const REMEMBERED = 10_000;

/**
 * What this process's inbox has committed, for tests and tools to wait for a point instead of
 * polling: an event handled (`whenHandled`), or every partition past a position (`whenCaughtUp`).
 * In memory only: it says what this consumer did since it started, never what another did.
 */
export class InboxProgress {
  private readonly handled = new Set<string>();
  private readonly byId = new Map<string, Waiter[]>();
  /** The next offset to consume, per topic and partition: one past the last committed. */
  private readonly next = new Map<string, bigint>();
  private readonly caughtUpWaiters: Array<{ check: () => boolean; waiter: Waiter }> = [];

  /** Called once the inbox transaction of these events has committed (handled, skipped or duplicate). */
  committed(entries: ReadonlyArray<{ eventId: string; position: DeliveryPosition }>): void {
    for (const { eventId, position } of entries) {
      const id = eventId.toLowerCase();
      this.handled.add(id);
      if (this.handled.size > REMEMBERED) this.handled.delete(this.handled.values().next().value as string);
      for (const waiter of this.byId.get(id) ?? []) this.settle(waiter);
      this.byId.delete(id);
      const key = `${position.topic}:${position.partition}`;
      const after = BigInt(position.offset) + 1n;
      if ((this.next.get(key) ?? 0n) < after) this.next.set(key, after);
    }
    for (let i = this.caughtUpWaiters.length - 1; i >= 0; i--) {
      const { check, waiter } = this.caughtUpWaiters[i];
      if (!check()) continue;
      this.caughtUpWaiters.splice(i, 1);
      this.settle(waiter);
    }
  }

  /** Resolves once the event's inbox transaction has committed here; rejects after `timeoutMs`. */
  whenHandled(eventId: string, timeoutMs = 15_000): Promise<void> {
    const id = eventId.toLowerCase();
    if (this.handled.has(id)) return Promise.resolve();
    return new Promise((done, fail) => {
      const waiter = this.waiter(
        done,
        fail,
        timeoutMs,
        `event ${eventId} was not handled within ${timeoutMs} ms`,
      );
      this.byId.set(id, [...(this.byId.get(id) ?? []), waiter]);
    });
  }

  /**
   * Resolves once every given partition has been consumed up to its `end` (the next offset to be
   * written, Kafka's high watermark, read by the caller when it starts waiting).
   */
  whenCaughtUp(
    ends: ReadonlyArray<{ topic: string; partition: number; end: string }>,
    timeoutMs = 15_000,
  ): Promise<void> {
    const check = () =>
      ends.every(
        ({ topic, partition, end }) => BigInt(end) <= (this.next.get(`${topic}:${partition}`) ?? 0n),
      );
    if (check()) return Promise.resolve();
    return new Promise((done, fail) => {
      const waiter = this.waiter(done, fail, timeoutMs, `the inbox did not catch up within ${timeoutMs} ms`);
      this.caughtUpWaiters.push({ check, waiter });
    });
  }

  private waiter(done: Waiter['done'], fail: Waiter['fail'], timeoutMs: number, message: string): Waiter {
    const waiter: Waiter = {
      done,
      fail,
      timer: setTimeout(() => {
        for (const [id, list] of this.byId)
          this.byId.set(
            id,
            list.filter((w) => w !== waiter),
          );
        const at = this.caughtUpWaiters.findIndex((c) => c.waiter === waiter);
        if (at >= 0) this.caughtUpWaiters.splice(at, 1);
        fail(new Error(message));
      }, timeoutMs),
    };
    return waiter;
  }

  private settle(waiter: Waiter): void {
    clearTimeout(waiter.timer);
    waiter.done();
  }
}
