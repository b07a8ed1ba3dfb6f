import { Client } from 'pg';
import { bearer, benchCase, call, pool } from './api';
import type { BenchSystem } from './bench-system';
import type { EventTap, TappedMessage } from './event-tap';
import { InboxWatcher, StreamWatcher, type SummonsWatcher } from './inbox-watcher';
import type { InfraProcesses } from './infra-cpu';
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
  /** CPU seconds of PostgreSQL's and Kafka's processes during the run (null: not on this machine). */
  infraCpuSeconds: { postgres: number | null; kafka: number | null };
  /** Where an event's time goes between services, p50/p99 in ms (see `stages`). */
  stages: Record<string, { p50: number; p99: number }>;
  /** Events each service handled (its inbox) during the run: the consumer side of the fan-out. */
  handledEvents: Record<string, number>;
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

  get databaseUrl(): string {
    return this.infra.databaseUrl;
  }

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

/** How the bench sees a summons arrive: the department's live stream (default), or inbox reads. */
export type VisibleBy = 'stream' | 'inbox';

/** One watcher per department, made on first need and shared by the runs of a system. */
export class Inboxes {
  private readonly watchers = new Map<string, SummonsWatcher>();

  constructor(
    private readonly departmentUrl: string,
    private readonly by: VisibleBy,
    private readonly intervalMs = 20,
  ) {}

  of(departmentId: string): SummonsWatcher {
    let watcher = this.watchers.get(departmentId);
    if (!watcher) {
      watcher =
        this.by === 'stream'
          ? new StreamWatcher(this.departmentUrl, departmentId)
          : new InboxWatcher(this.departmentUrl, departmentId, this.intervalMs);
      watcher.start();
      this.watchers.set(departmentId, watcher);
    }
    return watcher;
  }

  /** The departments summoned so far (each has a watcher). */
  departmentIds(): string[] {
    return [...this.watchers.keys()];
  }

  async stop(): Promise<void> {
    await Promise.all([...this.watchers.values()].map((w) => w.stop()));
  }
}

export interface PipelineOptions {
  concurrency: number;
  /** PostgreSQL's and Kafka's processes, to count their CPU too. */
  infra?: InfraProcesses;
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
  const infraBefore = { postgres: options.infra?.postgres() ?? null, kafka: options.infra?.kafka() ?? null };
  const handledBefore = await handledEvents(system, stock.databaseUrl);

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
  const handledAfter = await handledEvents(system, stock.databaseUrl);
  const handled = Object.fromEntries(
    Object.entries(handledAfter).map(([name, n]) => [name, n - (handledBefore[name] ?? 0)]),
  );
  const cpuSeconds = Object.fromEntries(
    [...system.services].map(([name, s]) => [name, round(s.cpuSeconds() - (cpuBefore.get(name) ?? 0))]),
  );
  const infraCpuSeconds = {
    postgres: delta(infraBefore.postgres, options.infra?.postgres() ?? null),
    kafka: delta(infraBefore.kafka, options.infra?.kafka() ?? null),
  };
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
    infraCpuSeconds,
    handledEvents: handled,
    stages: await stages(system, stock.databaseUrl, start),
    messages,
  };
}

/**
 * The two hops of the measured paths, from the rows the services wrote (one database, so one
 * clock; `now()` is a transaction's start): the outbox wait, from the writing transaction's start
 * to the relay transaction that published the row (commit, then up to a poll interval), and the
 * delivery, from that relay transaction to the consumer's inbox transaction (the Kafka send, the
 * fetch, and any queue in front of the handler). WhistleBlown from dispatch to department; DepartmentArrived
 * from department to dispatch.
 */
async function stages(
  system: BenchSystem,
  databaseUrl: string,
  since: number,
): Promise<Record<string, { p50: number; p99: number }>> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  const hop = async (name: string, from: string, to: string, type: string) => {
    const { rows } = await db.query<Record<string, number | null>>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY r) AS relay_p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY r) AS relay_p99,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY c) AS consume_p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY c) AS consume_p99
       FROM (SELECT extract(epoch FROM o.published_at - o.created_at) * 1000 AS r,
                    extract(epoch FROM i.handled_at - o.published_at) * 1000 AS c
             FROM "${system.schema(from)}".outbox o
             JOIN "${system.schema(to)}".inbox i ON i.event_id = o.event_id
             WHERE o.event_type = $1 AND o.created_at >= to_timestamp($2::float8 / 1000)) AS hops`,
      [type, since],
    );
    const at = (v: number | null) => Math.round(Number(v ?? 0));
    return [
      [
        `${name} outbox wait (written → relay picks it)`,
        { p50: at(rows[0].relay_p50), p99: at(rows[0].relay_p99) },
      ],
      [
        `${name} delivery (relay picks it → consumer's transaction begins)`,
        { p50: at(rows[0].consume_p50), p99: at(rows[0].consume_p99) },
      ],
    ] as const;
  };
  // The department's own work on a WhistleBlown: its inbox transaction's start → the last of the
  // whistle's summons written to its live stream (the end of that transaction's work).
  const handling = async () => {
    const { rows } = await db.query<Record<string, number | null>>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY h) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY h) AS p99
       FROM (SELECT extract(epoch FROM max(se.created_at) - min(i.handled_at)) * 1000 AS h
             FROM "${system.schema('dispatch')}".outbox o
             JOIN "${system.schema('department')}".inbox i ON i.event_id = o.event_id
             JOIN "${system.schema('department')}".summons s ON s.whistle_id = (o.envelope -> 'payload' ->> 'whistleId')::uuid
             JOIN "${system.schema('department')}".stream_entries se ON se.trigger_key = 'summons:' || s.id
             WHERE o.event_type = 'WhistleBlown' AND o.created_at >= to_timestamp($1::float8 / 1000)
             GROUP BY o.event_id) AS handled`,
      [since],
    );
    const at = (v: number | null) => Math.round(Number(v ?? 0));
    return [
      [
        'WhistleBlown in department: its transaction begins → the last summons on the live stream',
        { p50: at(rows[0].p50), p99: at(rows[0].p99) },
      ],
    ] as const;
  };
  try {
    return Object.fromEntries([
      ...(await hop('WhistleBlown, dispatch → department:', 'dispatch', 'department', 'WhistleBlown')),
      ...(await handling()),
      ...(await hop(
        'DepartmentArrived, department → dispatch:',
        'department',
        'dispatch',
        'DepartmentArrived',
      )),
    ]);
  } catch {
    return {};
  } finally {
    await db.end();
  }
}

/** Rows in each service's inbox: one per event it handled (services without an inbox count 0). */
async function handledEvents(system: BenchSystem, databaseUrl: string): Promise<Record<string, number>> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const counts: Record<string, number> = {};
    for (const name of system.services.keys()) {
      const { rows } = await db
        .query<{ n: number }>(`SELECT count(*)::int AS n FROM "${system.schema(name)}".inbox`)
        .catch(() => ({ rows: [{ n: 0 }] }));
      counts[name] = rows[0].n;
    }
    return counts;
  } finally {
    await db.end();
  }
}

function delta(before: number | null, after: number | null): number | null {
  return before === null || after === null ? null : round(after - before);
}

function typeOf(value: Buffer): string {
  try {
    return (JSON.parse(value.toString()) as { type?: string }).type ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
