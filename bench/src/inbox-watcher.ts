import { bearer, call } from './api';

interface InboxPage {
  items: Array<{ id: string }>;
}

/** Notes when each summons of one department is first seen, and answers who waits for one. */
export abstract class SummonsWatcher {
  private readonly firstSeen = new Map<string, number>();
  private readonly waiters = new Map<string, (at: number) => void>();
  readonly token: string;

  constructor(readonly departmentId: string) {
    this.token = bearer('liaison', { departmentId });
  }

  abstract start(): void;
  abstract stop(): Promise<void>;

  /** When the summons was first seen (ms since the epoch); waits up to `timeoutMs`. */
  seen(summonsId: string, timeoutMs: number): Promise<number> {
    const at = this.firstSeen.get(summonsId);
    if (at !== undefined) {
      this.firstSeen.delete(summonsId);
      return Promise.resolve(at);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(summonsId);
        reject(new Error(`summons ${summonsId} not seen for ${this.departmentId} after ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.set(summonsId, (seenAt) => {
        clearTimeout(timer);
        resolve(seenAt);
      });
    });
  }

  protected note(summonsId: string, at: number): void {
    const waiter = this.waiters.get(summonsId);
    if (waiter) {
      this.waiters.delete(summonsId);
      waiter(at);
    } else if (!this.firstSeen.has(summonsId)) {
      this.firstSeen.set(summonsId, at);
    }
  }
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
export class InboxWatcher extends SummonsWatcher {
  private running = false;
  private loop: Promise<void> | null = null;
  reads = 0;
  failures = 0;

  constructor(
    private readonly departmentUrl: string,
    departmentId: string,
    private readonly intervalMs: number,
  ) {
    super(departmentId);
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
        for (const { id } of page.items) this.note(id, now);
      } catch {
        this.failures += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, this.intervalMs));
    }
  }
}

/**
 * Watches one department's live stream (`GET /departments/:id/stream`, Server-Sent Events), the
 * push feed of the liaison's inbox screen: the department appends a summons to the stream in the
 * transaction that stores it, so when the entry arrives the summons is already in the inbox.
 * Seeing it here is therefore never earlier than the inbox could show it, and it costs the
 * department no polling (reading the inbox every 20 ms from three watchers is a load of its own).
 */
export class StreamWatcher extends SummonsWatcher {
  private readonly abort = new AbortController();
  private loop: Promise<void> | null = null;
  failures = 0;

  constructor(
    private readonly departmentUrl: string,
    departmentId: string,
  ) {
    super(departmentId);
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.loop;
  }

  private async run(): Promise<void> {
    let lastEventId = '0';
    while (!this.abort.signal.aborted) {
      try {
        const response = await fetch(
          `${this.departmentUrl}/departments/${encodeURIComponent(this.departmentId)}/stream`,
          {
            headers: { authorization: this.token, 'last-event-id': lastEventId },
            signal: this.abort.signal,
          },
        );
        if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`);
        const decoder = new TextDecoder();
        let buffered = '';
        for await (const chunk of response.body) {
          buffered += decoder.decode(chunk as Uint8Array, { stream: true });
          let end: number;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            const block = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const at = Date.now();
            let event = '';
            let data = '';
            for (const line of block.split('\n')) {
              if (line.startsWith('id: ')) lastEventId = line.slice(4);
              else if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data += line.slice(6);
            }
            if (event === 'summons' && data) {
              const { summonsId } = JSON.parse(data) as { summonsId?: string };
              if (summonsId) this.note(summonsId, at);
            }
          }
        }
      } catch {
        if (this.abort.signal.aborted) return;
        this.failures += 1;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}
