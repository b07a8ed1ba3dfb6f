import { Client } from 'pg';
import { bearer, benchCase, call, pool } from './api';
import type { BenchSystem } from './bench-system';
import type { EventTap, TappedMessage } from './event-tap';
import { InboxWatcher } from './inbox-watcher';
import { percentile, round } from './stats';
import { waitUntil, type Infra } from './system';

interface WhistleView {
  id: string;
  summons: Array<{ id: string; departmentId: string }>;
}

export interface PipelineRun {
  whistles: number;
  seconds: number;
  whistlesPerSec: number;
  events: number;
  eventsPerSec: number;
  /** Event counts by type in the window (what one whistle costs in events). */
  eventTypes: Record<string, number>;
  meanEventBytes: number;
  p50SummonsVisibleMs: number;
  p99SummonsVisibleMs: number;
  p50CompletionMs: number;
  p99CompletionMs: number;
  errors: number;
  /** CPU seconds each service used during the run. */
  cpuSeconds: Record<string, number>;
  /** The events of the window, for the raw baseline to replay (not written to the results). */
  messages: TappedMessage[];
}

/**
 * Cases registered by the window clerk ahead of a run, and known to dispatch (its
 * CaseRegistered consumed) so that each can be whistled at once.
 */
export class CaseStock {
  private readonly stock: string[] = [];
  private readonly clerk = bearer('clerk', { centerId: 'anlizha-village' });
  private registered = 0;

  constructor(
    private readonly system: BenchSystem,
    private readonly infra: Infra,
  ) {}

  get size(): number {
    return this.stock.length;
  }

  take(): string | undefined {
    return this.stock.shift();
  }

  async fill(count: number, concurrency: number): Promise<void> {
    const wanted = count - this.stock.length;
    if (wanted <= 0) return;
    const ids: string[] = [];
    await pool(
      Array.from({ length: wanted }, (_, i) => this.registered + i),
      concurrency,
      async (i) => {
        const created = await call<{ id: string }>(
          this.system.urls.intake,
          'POST',
          '/cases',
          this.clerk,
          benchCase(i),
        );
        ids.push(created.id);
      },
    );
    this.registered += wanted;
    const db = new Client({ connectionString: this.infra.databaseUrl });
    await db.connect();
    try {
      await waitUntil(
        `dispatch to know the ${this.registered} registered cases`,
        async () => {
          const { rows } = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${this.system.schema('dispatch')}".known_cases`,
          );
          return rows[0].n >= this.registered;
        },
        120_000,
        100,
      );
    } finally {
      await db.end();
    }
    this.stock.push(...ids);
  }
}

/** One inbox watcher per department, made on first need and shared by the runs of a system. */
export class Inboxes {
  private readonly watchers = new Map<string, InboxWatcher>();

  constructor(
    private readonly departmentUrl: string,
    private readonly intervalMs: number,
  ) {}

  of(departmentId: string): InboxWatcher {
    let watcher = this.watchers.get(departmentId);
    if (!watcher) {
      watcher = new InboxWatcher(this.departmentUrl, departmentId, this.intervalMs);
      watcher.start();
      this.watchers.set(departmentId, watcher);
    }
    return watcher;
  }

  async stop(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((w) => w.stop()));
  }
}

export interface PipelineOptions {
  concurrency: number;
  durationMs: number;
  log: (line: string) => void;
}

interface Trace {
  whistleId: string;
  blownAt: number;
  visibleMs: number;
  lastArrivalAt: number;
}

/**
 * One run of the end-to-end flow. `concurrency` operators work side by side, each in a loop:
 * whistle a registered case (POST, timed from the request), wait until each of its three
 * summons shows in its department's inbox, then each department's liaison acknowledges and
 * reports arrival through the HTTP API (the three departments at once, as three people would).
 * The run keeps whistling for `durationMs`, then waits for the last WhistleCompleted.
 *
 * Throughput counts whistles completed and events published (every topic of the run) from the
 * first whistle to the last WhistleCompleted consumed.
 */
export async function runPipeline(
  system: BenchSystem,
  stock: CaseStock,
  inboxes: Inboxes,
  tap: EventTap,
  options: PipelineOptions,
): Promise<PipelineRun> {
  const operator = bearer('operator', { centerId: 'ganzhou-district' });
  const dispatchUrl = system.urls.dispatch;
  const departmentUrl = system.urls.department;
  const traces: Trace[] = [];
  let errors = 0;
  let firstError: unknown;
  const cpuBefore = new Map([...system.services].map(([name, s]) => [name, s.cpuSeconds()]));

  tap.startCapture();
  const start = Date.now();
  const endAt = start + options.durationMs;
  const operatorLoop = async () => {
    for (;;) {
      if (Date.now() >= endAt) return;
      const caseId = stock.take();
      if (!caseId) return;
      try {
        const blownAt = Date.now();
        const whistle = await call<WhistleView>(
          dispatchUrl,
          'POST',
          `/cases/${caseId}/whistles`,
          operator,
          {},
        );
        const seen = await Promise.all(
          whistle.summons.map((s) => inboxes.of(s.departmentId).seen(s.id, 60_000)),
        );
        const arrivals = await Promise.all(
          whistle.summons.map(async (s) => {
            const liaison = inboxes.of(s.departmentId).token;
            await call(departmentUrl, 'POST', `/summons/${s.id}/acknowledge`, liaison);
            await call(departmentUrl, 'POST', `/summons/${s.id}/arrive`, liaison, { note: 'on site' });
            return Date.now();
          }),
        );
        traces.push({
          whistleId: whistle.id,
          blownAt,
          visibleMs: Math.max(...seen) - blownAt,
          lastArrivalAt: Math.max(...arrivals),
        });
      } catch (error) {
        errors += 1;
        firstError ??= error;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, operatorLoop));
  if (firstError) options.log(`pipeline: ${errors} whistles failed; the first: ${String(firstError)}`);
  await tap.awaitCompletions(
    traces.map((t) => t.whistleId),
    60_000,
  );
  const completed = traces.filter((t) => tap.completedAt(t.whistleId) !== undefined);
  const end = Math.max(Date.now() - 1, ...completed.map((t) => tap.completedAt(t.whistleId) ?? 0));
  // Let the tap catch up with what was produced up to the end before counting.
  await new Promise((resolve) => setTimeout(resolve, 500));
  const messages = tap.stopCapture().filter((m) => m.producedAt >= start && m.producedAt <= end);
  const cpuSeconds = Object.fromEntries(
    [...system.services].map(([name, s]) => [name, round(s.cpuSeconds() - (cpuBefore.get(name) ?? 0))]),
  );
  if (completed.length < traces.length)
    options.log(`pipeline: ${traces.length - completed.length} whistles never completed`);
  const seconds = (end - start) / 1000;
  const eventTypes: Record<string, number> = {};
  for (const m of messages) {
    const type = m.headers['event-type'] ?? typeOf(m.value);
    eventTypes[type] = (eventTypes[type] ?? 0) + 1;
  }
  const completion = completed.map((t) => (tap.completedAt(t.whistleId) ?? 0) - t.lastArrivalAt);
  const visible = traces.map((t) => t.visibleMs);
  return {
    whistles: completed.length,
    seconds: round(seconds),
    whistlesPerSec: round(completed.length / seconds),
    events: messages.length,
    eventsPerSec: round(messages.length / seconds),
    eventTypes,
    meanEventBytes: Math.round(
      messages.reduce((sum, m) => sum + m.value.length, 0) / Math.max(1, messages.length),
    ),
    p50SummonsVisibleMs: percentile(visible, 50) ?? 0,
    p99SummonsVisibleMs: percentile(visible, 99) ?? 0,
    p50CompletionMs: percentile(completion, 50) ?? 0,
    p99CompletionMs: percentile(completion, 99) ?? 0,
    errors: errors + traces.length - completed.length,
    cpuSeconds,
    messages,
  };
}

function typeOf(value: Buffer): string {
  try {
    return (JSON.parse(value.toString()) as { type?: string }).type ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
