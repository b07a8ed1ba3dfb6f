import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBenchSystem, type BenchSystem } from './bench-system';
import { summariseProfile, type CpuProfile, type ProfileSummary } from './cpu-profile';
import { DbWaitSampler, type DbWait } from './db-waits';
import { EventTap } from './event-tap';
import { benchAcknowledgeIsolated, type IsolatedAck } from './ack-isolated';
import { benchAcknowledge, benchBareRoute, prepareSummons, startBareRoute, type HttpRun } from './http-bench';
import { runPgbench, type PgbenchRun } from './pgbench';
import { runOpenLoop, type OpenLoopResult } from './open-loop';
import { findInfraProcesses } from './infra-cpu';
import { CaseStock, Inboxes, runPipeline, type PipelineRun, type VisibleBy } from './pipeline';
import { PARTITIONS, runPerfTools, runRawKafkajs, type PerfToolsRun, type RawKafkajsRun } from './raw-kafka';
import { censusPerWhistle, StatementCensus, type CensusWindow } from './statement-census';
import { round, summarise, type Measured } from './stats';
import { waitUntil, type Infra } from './system';
import { WebhookReceiver } from './webhook-receiver';

export interface SystemBenchOptions {
  quick: boolean;
  sections: { pipeline: boolean; raw: boolean; http: boolean; profile: boolean; openLoop: boolean };
  visibleBy: VisibleBy;
  /** Operators whistling side by side in the pipeline (--operators=N; 16 by default). */
  operators?: number;
  log: (line: string) => void;
}

/** What the sections measured on the running system, each figure over its runs. */
export interface SystemBenchResult {
  pipeline?: {
    concurrency: number;
    /** How a summons was seen: the department's live stream or reads of its inbox. */
    visibleBy: VisibleBy;
    durationSeconds: number;
    whistlesPerSec: Measured;
    eventsPerSec: Measured;
    p50SummonsVisibleMs: Measured;
    p99SummonsVisibleMs: Measured;
    p50CompletionMs: Measured;
    p99CompletionMs: Measured;
    errors: number;
    eventsPerWhistle: number;
    eventTypes: Record<string, number>;
    meanEventBytes: number;
    /** CPU seconds per service over a run (median), and per whistle. */
    cpuSeconds: Record<string, number>;
    cpuMsPerWhistle: number;
    /** PostgreSQL's and Kafka's CPU per whistle (ms), from /proc; null where they run elsewhere. */
    infraCpuMsPerWhistle: { postgres: number | null; kafka: number | null };
    /**
     * The statement census over the runs (pg_stat_statements by each service's runtime role),
     * null where the extension is not loaded: statements (BEGIN/COMMIT included) and
     * transactions per whistle, and by service statements and transactions opened with BEGIN.
     */
    census: ReturnType<typeof censusPerWhistle> | null;
    /** Events handled (inbox transactions) per whistle, by service and in all. */
    handledPerWhistle: Record<string, number>;
    handledPerWhistleTotal: number;
    /** The same flow with one operator alone (one run): the latency floor, no queue anywhere. */
    oneOperator?: {
      whistles: number;
      p50SummonsVisibleMs: number;
      p99SummonsVisibleMs: number;
      p50CompletionMs: number;
      p99CompletionMs: number;
    };
    /** What the database sessions were doing during the runs (sampled every 50 ms). */
    dbWaits: DbWait[];
    /** Hops of the measured paths (medians over the runs of each hop's p50 and p99), ms. */
    stages: Record<string, { p50: number; p99: number }>;
  };
  /** Whistles offered at fixed rates (latency from the intended send time). */
  openLoop?: OpenLoopResult;
  rawKafkajs?: { events: number; eventsPerSec: Measured; pipelineToRaw: Measured };
  perfTools?: {
    records: number;
    recordBytes: number;
    producerRecordsPerSec: Measured;
    consumerRecordsPerSec: Measured;
  };
  pgbench?: { clients: number; seconds: number; tps: Measured };
  http?: {
    connections: number;
    /** Acknowledgements per run (one per prepared summons); the bare route runs for `bareSeconds`. */
    requestsPerRun: number;
    bareSeconds: number;
    acknowledge: { requestsPerSec: Measured; p50Ms: Measured; p99Ms: Measured; non2xx: number };
    bareRoute: { requestsPerSec: Measured; p50Ms: Measured; p99Ms: Measured; non2xx: number };
    ackToBare: Measured;
    p99AckToBare: Measured;
    /** The acknowledge route with the other services stopped (ack-isolated.ts). */
    isolated: IsolatedAck;
  };
  rssMb: Record<string, number>;
  /** CPU each service uses with nothing to do (pollers, timers), in % of one core. */
  idleCpuPercent?: Record<string, number>;
  /** `cpuSeconds`: the profiled process's CPU time over the run, from /proc (the profile's clock is the wall's). */
  profile?: { service: string; seconds: number; cpuSeconds: number; summary: ProfileSummary };
}

const median = (values: number[]) => summarise(values).median;

/**
 * The system sections, on one running system (every service as `npm start` runs them): the
 * pipeline interleaved with its raw kafkajs baseline run by run (so each ratio compares two
 * measurements taken seconds apart on the same noisy machine), then the JVM perf tools, pgbench,
 * the HTTP comparison, and a CPU profile of the busiest service.
 */
export async function benchSystem(infra: Infra, options: SystemBenchOptions): Promise<SystemBenchResult> {
  const { quick, sections, log } = options;
  const runs = 3;
  const concurrency = options.operators ?? 16;
  // The HTTP comparison keeps its 16 connections whatever the pipeline's operators.
  const connections = 16;
  const durationMs = quick ? 3_000 : 12_000;
  const result: SystemBenchResult = { rssMb: {} };

  const started = Date.now();
  const system = await startBenchSystem(infra, {
    // Past the per-caller rate limits (300 changes, 1200 reads a minute by default): the bench is a few callers doing the
    // work of many. Everything else is npm start's defaults: LOG_LEVEL info unless the bench's
    // own environment sets it (a way to weigh what logging costs).
    env: {
      RATE_LIMIT_PER_MINUTE: '10000000',
      RATE_LIMIT_READS_PER_MINUTE: '10000000',
      // Likewise the per-phone SMS limits (1 a minute): three seeded liaisons stand for hundreds,
      // and the HTTP section waits for every text delivered. Each text then goes alone, unbundled.
      NOTIFY_SMS_LIMITS: 'off',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
    },
    logDir: process.env.BENCH_LOG_DIR,
    log,
  });
  log(`system up in ${Date.now() - started} ms`);
  const tap = new EventTap(infra.kafkaBrokers, system.topicPrefix);
  await tap.start();
  const inboxes = new Inboxes(system.urls.department, options.visibleBy);
  const stock = new CaseStock(system, infra);
  let webhooks: WebhookReceiver | undefined;
  try {
    let pipelineRuns: PipelineRun[] = [];
    if (sections.pipeline || sections.raw || sections.profile) {
      // A short warm-up: JIT, connection pools, the directory cache, consumer groups settled.
      await stock.fill(concurrency * 2, concurrency);
      await runPipeline(system, stock, inboxes, tap, { concurrency, durationMs: 1_500, log });
      result.idleCpuPercent = await idleCpu(system, quick ? IDLE_WINDOW_QUICK_MS : IDLE_WINDOW_MS);
      log(`idle system: ${JSON.stringify(result.idleCpuPercent)} (% of one core)`);
      pipelineRuns = await pipelineWithRaw(system, stock, inboxes, tap, infra, {
        runs,
        concurrency,
        durationMs,
        raw: sections.raw,
        visibleBy: options.visibleBy,
        rawAtLeast: quick ? 5_000 : 20_000,
        log,
        result,
      });
      for (const [name, service] of system.services) result.rssMb[name] = service.peakRssMb();
      if (result.pipeline) {
        // The floor under the latencies: one operator alone, no queue anywhere.
        await stock.fill(40, 4);
        const alone = await runPipeline(system, stock, inboxes, tap, {
          concurrency: 1,
          durationMs: quick ? 2_000 : 5_000,
          log,
        });
        alone.messages = [];
        log(
          `one operator: ${alone.whistles} whistles, visible p50 ${alone.p50SummonsVisibleMs} p99 ${alone.p99SummonsVisibleMs} ms, completion p50 ${alone.p50CompletionMs} p99 ${alone.p99CompletionMs} ms`,
        );
        result.pipeline.oneOperator = {
          whistles: alone.whistles,
          p50SummonsVisibleMs: alone.p50SummonsVisibleMs,
          p99SummonsVisibleMs: alone.p99SummonsVisibleMs,
          p50CompletionMs: alone.p50CompletionMs,
          p99CompletionMs: alone.p99CompletionMs,
        };
      }
    }

    if (sections.openLoop) {
      if (pipelineRuns.length === 0) {
        await stock.fill(concurrency * 2, concurrency); // the same warm-up as the pipeline's
        await runPipeline(system, stock, inboxes, tap, { concurrency, durationMs: 1_500, log });
      }
      // The departments the warm-up summoned get a webhook to the bench's receiver, for the
      // open loop only: disarmed after it, so the later sections run without webhooks as before.
      webhooks = await WebhookReceiver.start();
      await webhooks.arm(system, inboxes.departmentIds());
      // Full: 10, 25, 50 and 100 whistles/s for 60 s each; quick: 10 and 25 for 15 s.
      result.openLoop = await runOpenLoop(system, stock, inboxes, tap, webhooks, {
        rates: quick ? [10, 25] : [10, 25, 50, 100],
        durationMs: quick ? 15_000 : 60_000,
        log,
      });
      result.openLoop.webhooksRemoved = await webhooks.disarm(system, infra);
      if (!result.openLoop.webhooksRemoved)
        log(
          'open loop: webhook notifications still pending after 180 s; the webhooks stay for the later sections',
        );
    }

    if (sections.raw && pipelineRuns.length > 0) {
      const last = pipelineRuns[pipelineRuns.length - 1];
      const perfRuns: PerfToolsRun[] = [];
      for (let i = 1; i <= (quick ? 1 : runs); i++) {
        // As for raw kafkajs: at least 20,000 records (quick 5,000), or the JVM's start-up is the measure.
        const run = await runPerfTools(
          infra.kafkaBrokers,
          system.topicPrefix,
          Math.max(last.events, quick ? 5_000 : 20_000),
          last.meanEventBytes,
        );
        log(
          `perf tools ${i}: ${run.records} × ${run.recordBytes} B, producer ${run.producerRecordsPerSec}/s, consumer ${run.consumerRecordsPerSec}/s`,
        );
        perfRuns.push(run);
      }
      result.perfTools = {
        records: perfRuns[0].records,
        recordBytes: last.meanEventBytes,
        producerRecordsPerSec: summarise(perfRuns.map((r) => r.producerRecordsPerSec)),
        consumerRecordsPerSec: summarise(perfRuns.map((r) => r.consumerRecordsPerSec)),
      };
      const pgRuns: PgbenchRun[] = [];
      for (let i = 1; i <= runs; i++) {
        const run = await runPgbench(infra, {
          clients: concurrency,
          seconds: quick ? 1 : 5,
          rowBytes: last.meanEventBytes,
        });
        log(`pgbench ${i}: ${run.tps} tps with ${run.clients} clients`);
        pgRuns.push(run);
      }
      result.pgbench = {
        clients: concurrency,
        seconds: quick ? 1 : 5,
        tps: summarise(pgRuns.map((r) => r.tps)),
      };
    }

    // Before the HTTP section, not after it: its acknowledgements alone are made with the other
    // services stopped (SIGSTOP), and for the half minute after they resume they catch up on
    // thousands of events; profiled then, the department waited on them (16 whistles at 0.8/s,
    // busy 6 % of the run) and the profile described a system catching up, not the pipeline.
    if (sections.profile && result.pipeline) {
      // And only once the system is quiet: the open loop's last rate is an overload on purpose,
      // and for minutes after it the services catch up on its events (profiled then, the run of
      // 2026-12-06 02:01 made 16 whistles at 0.8/s, the department busy 8 % of it).
      await untilQuiet(system, log);
      const hottest = Object.entries(result.pipeline.cpuSeconds).sort((a, b) => b[1] - a[1])[0][0];
      result.profile = await profileService(system, stock, inboxes, tap, hottest, {
        concurrency,
        durationMs: quick ? 4_000 : 10_000,
        log,
      });
    }

    if (sections.http)
      result.http = await benchHttp(system, infra, stock, {
        quick,
        runs,
        concurrency: connections,
        log,
      });
  } finally {
    await inboxes.stop();
    await tap.stop().catch(() => undefined);
    await system.stop();
    await webhooks?.stop();
  }
  return result;
}

function infraPerWhistle(seconds: Array<number | null>, whistles: number): number | null {
  if (seconds.some((s) => s === null)) return null;
  return round(((seconds as number[]).reduce((a, b) => a + b, 0) * 1000) / Math.max(1, whistles));
}

/**
 * Idle CPU is an average over whole periods of the services' periodic work (the outbox relay's
 * 5 s poll, the stall guard's 15 s check, sweeps of 1–3 s): a window shorter than a period counts
 * a job whole or not at all, by chance (4 s gave judicial-confirmation 0.8 % in one run, 2.7 % in
 * the next). Quick runs take one relay period.
 */
const IDLE_WINDOW_MS = 30_000;
const IDLE_WINDOW_QUICK_MS = 5_000;

/** CPU per service over `ms` with no load: what the services' own pollers and timers cost. */
async function idleCpu(system: BenchSystem, ms: number): Promise<Record<string, number>> {
  await new Promise((resolve) => setTimeout(resolve, 1_000)); // the warm-up's tail settles
  return cpuOver(system, ms);
}

/** Each service's CPU over the next `ms`, in % of a core. */
async function cpuOver(system: BenchSystem, ms: number): Promise<Record<string, number>> {
  const before = new Map([...system.services].map(([name, s]) => [name, s.cpuSeconds()]));
  await new Promise((resolve) => setTimeout(resolve, ms));
  return Object.fromEntries(
    [...system.services].map(([name, s]) => [
      name,
      round(((s.cpuSeconds() - (before.get(name) ?? 0)) * 100_000) / ms, 1),
    ]),
  );
}

/** Until no service uses more than 5 % of a core over a second: nothing left to catch up on. */
async function untilQuiet(system: BenchSystem, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  await waitUntil(
    'every service to be quiet (under 5 % of a core for a second)',
    async () => Object.values(await cpuOver(system, 1_000)).every((percent) => percent < 5),
    300_000,
    0,
  );
  log(`system quiet after ${round((Date.now() - started) / 1000)} s`);
}

async function pipelineWithRaw(
  system: BenchSystem,
  stock: CaseStock,
  inboxes: Inboxes,
  tap: EventTap,
  infra: Infra,
  options: {
    runs: number;
    concurrency: number;
    durationMs: number;
    raw: boolean;
    visibleBy: VisibleBy;
    /** Fewest events a raw baseline sends (the run's own events, replayed over again). */
    rawAtLeast: number;
    log: (line: string) => void;
    result: SystemBenchResult;
  },
): Promise<PipelineRun[]> {
  const { log } = options;
  const pipelineRuns: PipelineRun[] = [];
  const rawRuns: RawKafkajsRun[] = [];
  let rate = 20; // whistles/s: a first guess; each run's rate sizes the next run's stock
  const waits = new DbWaitSampler(infra.databaseUrl);
  const schemas = new Map([...system.services.keys()].map((name) => [name, system.schema(name)]));
  const census = await StatementCensus.open(infra.databaseUrl, schemas, log);
  const infraProcesses = await findInfraProcesses(infra.databaseUrl, infra.kafkaBrokers);
  const censusWindows: CensusWindow[] = [];
  for (let i = 1; i <= options.runs; i++) {
    const wanted = Math.ceil(rate * (options.durationMs / 1000) * 1.5) + options.concurrency * 2;
    await stock.fill(wanted, options.concurrency);
    await waits.start();
    const counted = await census?.snapshot();
    const run = await runPipeline(system, stock, inboxes, tap, { ...options, infra: infraProcesses }).finally(
      () => waits.stop(),
    );
    if (census && counted) censusWindows.push(census.window(counted, await census.snapshot()));
    rate = Math.max(rate, run.whistlesPerSec);
    log(
      `pipeline ${i}/${options.runs}: ${run.whistles} whistles in ${run.seconds} s = ${run.whistlesPerSec}/s, ${run.eventsPerSec} events/s; ` +
        `summons visible p50 ${run.p50SummonsVisibleMs} p99 ${run.p99SummonsVisibleMs} ms; completion p50 ${run.p50CompletionMs} p99 ${run.p99CompletionMs} ms; ${run.errors} errors`,
    );
    log(`  hops: ${JSON.stringify(run.stages)}`);
    pipelineRuns.push(run);
    if (options.raw) {
      const raw = await runRawKafkajs(infra.kafkaBrokers, system.topicPrefix, run.messages, {
        batchSize: 200,
        atLeast: options.rawAtLeast,
      });
      log(
        `raw kafkajs ${i}/${options.runs}: ${raw.events} events in ${raw.seconds} s = ${raw.eventsPerSec}/s (${PARTITIONS} partitions)`,
      );
      rawRuns.push(raw);
    }
    run.messages = [];
  }
  const last = pipelineRuns[pipelineRuns.length - 1];
  const cpuNames = Object.keys(last.cpuSeconds);
  const cpuSeconds = Object.fromEntries(
    cpuNames.map((n) => [n, median(pipelineRuns.map((r) => r.cpuSeconds[n] ?? 0))]),
  );
  const whistles = pipelineRuns.reduce((sum, r) => sum + r.whistles, 0);
  const totalCpu = pipelineRuns.reduce(
    (sum, r) => sum + Object.values(r.cpuSeconds).reduce((a, b) => a + b, 0),
    0,
  );
  options.result.pipeline = {
    concurrency: options.concurrency,
    visibleBy: options.visibleBy,
    durationSeconds: options.durationMs / 1000,
    whistlesPerSec: summarise(pipelineRuns.map((r) => r.whistlesPerSec)),
    eventsPerSec: summarise(pipelineRuns.map((r) => r.eventsPerSec)),
    p50SummonsVisibleMs: summarise(pipelineRuns.map((r) => r.p50SummonsVisibleMs)),
    p99SummonsVisibleMs: summarise(pipelineRuns.map((r) => r.p99SummonsVisibleMs)),
    p50CompletionMs: summarise(pipelineRuns.map((r) => r.p50CompletionMs)),
    p99CompletionMs: summarise(pipelineRuns.map((r) => r.p99CompletionMs)),
    errors: pipelineRuns.reduce((sum, r) => sum + r.errors, 0),
    eventsPerWhistle: round(last.events / Math.max(1, last.whistles)),
    eventTypes: last.eventTypes,
    meanEventBytes: last.meanEventBytes,
    cpuSeconds,
    cpuMsPerWhistle: round((totalCpu * 1000) / Math.max(1, whistles)),
    census: census ? censusPerWhistle(censusWindows, whistles) : null,
    infraCpuMsPerWhistle: {
      postgres: infraPerWhistle(
        pipelineRuns.map((r) => r.infraCpuSeconds.postgres),
        whistles,
      ),
      kafka: infraPerWhistle(
        pipelineRuns.map((r) => r.infraCpuSeconds.kafka),
        whistles,
      ),
    },
    handledPerWhistle: Object.fromEntries(
      cpuNames.map((n) => [
        n,
        round(pipelineRuns.reduce((sum, r) => sum + (r.handledEvents[n] ?? 0), 0) / Math.max(1, whistles)),
      ]),
    ),
    stages: Object.fromEntries(
      Object.keys(last.stages).map((k) => [
        k,
        {
          p50: median(pipelineRuns.map((r) => r.stages[k]?.p50 ?? 0)),
          p99: median(pipelineRuns.map((r) => r.stages[k]?.p99 ?? 0)),
        },
      ]),
    ),
    dbWaits: waits.top(12),
    handledPerWhistleTotal: round(
      pipelineRuns.reduce((sum, r) => sum + Object.values(r.handledEvents).reduce((a, b) => a + b, 0), 0) /
        Math.max(1, whistles),
    ),
  };
  if (rawRuns.length > 0) {
    options.result.rawKafkajs = {
      events: rawRuns[rawRuns.length - 1].events,
      eventsPerSec: summarise(rawRuns.map((r) => r.eventsPerSec)),
      pipelineToRaw: summarise(
        pipelineRuns.map((p, i) => p.eventsPerSec / rawRuns[i].eventsPerSec),
        4,
      ),
    };
  }
  return pipelineRuns;
}

async function benchHttp(
  system: BenchSystem,
  infra: Infra,
  stock: CaseStock,
  options: { quick: boolean; runs: number; concurrency: number; log: (line: string) => void },
): Promise<SystemBenchResult['http']> {
  const { log } = options;
  const perRun = options.quick ? 150 : 300;
  const runs = options.quick ? 1 : options.runs;
  const bare = await startBareRoute();
  // One second of load first: the first run should not time the bare process's JIT warming up.
  await benchBareRoute(
    bare.url,
    [{ summonsId: 'warm-up', authorization: 'Bearer x' }],
    options.concurrency,
    1,
  );
  const ack: HttpRun[] = [];
  const plain: HttpRun[] = [];
  let isolated: IsolatedAck;
  try {
    for (let i = 1; i <= runs; i++) {
      const targets = await prepareSummons(system, infra, stock, perRun, options.concurrency);
      const a = await benchAcknowledge(system.urls.department, targets, options.concurrency);
      const b = await benchBareRoute(bare.url, targets, options.concurrency, options.quick ? 3 : 5);
      log(
        `http ${i}/${runs}: acknowledge ${a.requestsPerSec} req/s (p99 ${a.p99Ms} ms, ${a.non2xx} non-2xx), ` +
          `bare route ${b.requestsPerSec} req/s (p99 ${b.p99Ms} ms)`,
      );
      ack.push(a);
      plain.push(b);
    }
    isolated = await benchAcknowledgeIsolated(system, infra, stock, bare.url, {
      quick: options.quick,
      connections: options.concurrency,
      log,
    });
  } finally {
    await bare.stop();
  }
  const view = (r: HttpRun[]) => ({
    requestsPerSec: summarise(r.map((x) => x.requestsPerSec)),
    p50Ms: summarise(r.map((x) => x.p50Ms)),
    p99Ms: summarise(r.map((x) => x.p99Ms)),
    non2xx: r.reduce((sum, x) => sum + x.non2xx + x.errors, 0),
  });
  return {
    connections: options.concurrency,
    requestsPerRun: perRun,
    bareSeconds: options.quick ? 3 : 5,
    acknowledge: view(ack),
    bareRoute: view(plain),
    ackToBare: summarise(
      ack.map((a, i) => a.requestsPerSec / plain[i].requestsPerSec),
      4,
    ),
    p99AckToBare: summarise(ack.map((a, i) => a.p99Ms / Math.max(1, plain[i].p99Ms))),
    isolated,
  };
}

/**
 * Restarts one service under `node --cpu-prof`, drives one more pipeline run through it, and
 * summarises where its CPU time went (the profile file itself stays in a temporary folder).
 */
async function profileService(
  system: BenchSystem,
  stock: CaseStock,
  inboxes: Inboxes,
  tap: EventTap,
  name: string,
  options: { concurrency: number; durationMs: number; log: (line: string) => void },
): Promise<SystemBenchResult['profile']> {
  const dir = path.join(os.tmpdir(), `chuishao-bench-profile-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const service = await system.restart(name, [
    '--cpu-prof',
    `--cpu-prof-dir=${dir}`,
    '--require',
    path.join(__dirname, 'exit-on-sigusr2.js'),
  ]);
  await stock.fill(options.concurrency * 40, options.concurrency);
  // One whistle through the restarted service before the run: its consumer has rejoined its group
  // and the bench's live streams to it have reconnected. Timed from its restart instead, the run
  // sometimes made 16 whistles in 22 s (one per operator) and profiled a service left waiting.
  await runPipeline(system, stock, inboxes, tap, { concurrency: 1, durationMs: 100, log: options.log });
  const runStarted = Date.now();
  const cpuBefore = service.cpuSeconds();
  const run = await runPipeline(system, stock, inboxes, tap, options);
  const cpuSeconds = round(service.cpuSeconds() - cpuBefore, 2);
  options.log(`profiled ${name} through a pipeline run: ${run.whistles} whistles, ${run.whistlesPerSec}/s`);
  const stoppedAt = Date.now();
  await new Promise<void>((resolve) => {
    service.child.once('exit', () => resolve());
    service.child.kill('SIGUSR2');
  });
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile written in ${dir}`);
  // The run only: the service's start-up and consumer-group join come before it.
  const summary = summariseProfile(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as CpuProfile, {
    lastMs: stoppedAt - runStarted,
  });
  options.log(`profile of ${name}: ${path.join(dir, file)}`);
  // Back as it was, unprofiled, for the sections after this one.
  await system.restart(name);
  return { service: name, seconds: run.seconds, cpuSeconds, summary };
}
