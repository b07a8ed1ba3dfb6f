import { bearer, call } from './api';

interface InboxPage {
  items: Array<{ id: string }>;
}

/**
 * Watches one department's summons inbox as its liaison's screen would: it reads
 * `GET /departments/:id/summons?status=notified` over and over and notes when each summons first
 * shows up. The bench acknowledges every summons it sees, so the notified list stays short (at
 * most the whistles in flight) and one page of 200 always holds all of it.
 *
 * Precision: a summons is seen on the first read after it is stored, so "visible" is late by up
 * to one read (`intervalMs` plus the read itself).
 */
export class InboxWatcher {
  private readonly firstSeen = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();
  private running = false;
  private loop: Promise<void> | null = null;
  readonly token: string;
  reads = 0;
  failures = 0;

  constructor(
    private readonly departmentUrl: string,
    readonly departmentId: string,
    private readonly intervalMs: number,
  ) {
    this.token = bearer('liaison', { departmentId });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  /** When the summons was first seen in the inbox (ms since the epoch); waits up to `timeoutMs`. */
  seen(summonsId: string, timeoutMs: number): Promise<number> {
    const at = this.firstSeen.get(summonsId);
    if (at !== undefined) {
      this.firstSeen.delete(summonsId);
      return Promise.resolve(at);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(summonsId);
        reject(
          new Error(`summons ${summonsId} not in the inbox of ${this.departmentId} after ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.waiters.set(summonsId, (seenAt) => {
        clearTimeout(timer);
        resolve(seenAt);
      });
    });
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const page = await call<InboxPage>(
          this.departmentUrl,
          'GET',
          `/departments/${encodeURIComponent(this.departmentId)}/summons?status=notified&limit=200`,
          this.token,
        );
        const now = Date.now();
        this.reads += 1;
        for (const { id } of page.items) {
          const waiter = this.waiters.get(id);
          if (waiter) {
            this.waiters.delete(id);
            waiter(now);
          } else if (!this.firstSeen.has(id)) {
            this.firstSeen.set(id, now);
          }
        }
      } catch {
        this.failures += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }
}
