import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KAFKA_VERSION } from '@chuishao/launcher';
import { runFloor, type FloorRun } from './floor';
import { describeMachine, type Machine } from './machine';
import type { VisibleBy } from './pipeline';
import { summarise, type Measured } from './stats';
import { benchSystem, type SystemBenchResult } from './system-bench';
import { bringUpInfra, ROOT } from './system';
import { reportFiles } from './report-files';
import { benchTimers, type TimersResult } from './timers';

/**
 * `npm run bench` (full, ≤ 10 min) and `npm run bench -- --quick` (≤ 2 min): the system measured
 * on this machine, next to raw baselines measured in the same run. Writes
 * bench/results/latest.json (stable names, for tools) and bench/RESULTS.md, and prints the table.
 */
interface Options {
  quick: boolean;
  only: Set<string> | null;
  /** The CPU profile: on in a full run, on demand (--profile) in a quick one. */
  profile: boolean;
  timerRuns: number | null;
  visibleBy: VisibleBy;
  operators: number;
}

function parseArgs(argv: readonly string[]): Options {
  const only = argv.find((a) => a.startsWith('--only='));
  const timerRuns = argv.find((a) => a.startsWith('--timer-runs='));
  const operators = Number(
    argv.find((a) => a.startsWith('--operators='))?.slice('--operators='.length) ?? 16,
  );
  if (!Number.isInteger(operators) || operators < 1)
    throw new Error('--operators=N takes a whole number ≥ 1');
  const quick = argv.includes('--quick');
  return {
    quick,
    only: only ? new Set(only.slice('--only='.length).split(',')) : null,
    profile: !quick || argv.includes('--profile'),
    timerRuns: timerRuns ? Number(timerRuns.slice('--timer-runs='.length)) : null,
    visibleBy: argv.includes('--visible-by=inbox') ? 'inbox' : 'stream',
    operators,
  };
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface Results {
  measuredAt: string;
  mode: 'full' | 'quick';
  machine: Machine;
  pipeline?: {
    whistlesPerSec: number;
    eventsPerSec: number;
    p50SummonsVisibleMs: number;
    p99SummonsVisibleMs: number;
    p50CompletionMs: number;
    p99CompletionMs: number;
    cpuMsPerWhistle: number;
    /** The census (pg_stat_statements); null where the extension is not loaded. */
    statementsPerWhistle: number | null;
    transactionsPerWhistle: number | null;
    detail: NonNullable<SystemBenchResult['pipeline']>;
  };
  rawKafkajs?: { eventsPerSec: number; detail: NonNullable<SystemBenchResult['rawKafkajs']> };
  /** `openLoop.maxRateP99VisibleUnder250Ms` and each offered rate. */
  openLoop?: SystemBenchResult['openLoop'];
  kafkaPerfTools?: SystemBenchResult['perfTools'];
  pgbench?: SystemBenchResult['pgbench'];
  http?: SystemBenchResult['http'];
  ratio: {
    pipelineToRawKafkajs?: number;
    ackToBareRoute?: number;
    ackP99ToBareRouteP99?: number;
    ackIsolatedToBareRoute?: number;
    pipelineToFloor?: number;
  };
  /** The floor harness (floor.ts): the least durable work a whistle needs, whistles/s. */
  floor?: { whistlesPerSec: number; operators: number; runs: FloorRun[]; spread: Measured };
  profile?: SystemBenchResult['profile'];
  idleCpuPercent?: Record<string, number>;
  timers?: {
    armed: number;
    /** Of the armed, those due within the run (the rest due a day ahead). */
    fired: number;
    spreadSeconds: number;
    firesPerSec: number;
    latenessP50Ms: number;
    latenessP99Ms: number;
    latenessMaxMs: number;
    detail: TimersResult;
  };
  rssMb: Record<string, number>;
  /** What differs from the plan in this run (e.g. fewer timer runs to fit the budget). */
  notes: string[];
}

/** Integers as they are; fractions to a precision that keeps small ratios readable. */
function fmt(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const size = Math.abs(n);
  if (size >= 10) return n.toFixed(1);
  if (size >= 1) return n.toFixed(2);
  return String(Number(n.toPrecision(2)));
}

function markdown(results: Results): string {
  const m = results.machine;
  const lines = [
    `# chuishao benchmark results`,
    '',
    `Measured ${results.measuredAt} (${results.mode} run) on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os};`,
    `Node ${m.node}, Kafka ${m.kafka} (KRaft, one broker), PostgreSQL ${m.postgres}; everything on one box.`,
    'Every figure is the median of its runs, with the spread (max − min) of the runs. How to read it: bench/README.md.',
    '',
    ...results.notes.map((note) => `${note}\n`),
    '| measure | median | spread | runs | target |',
    '| --- | ---: | ---: | --- | --- |',
  ];
  const row = (name: string, v: Measured, target = '') =>
    lines.push(
      `| ${name} | ${fmt(v.median)} | ${fmt(v.spread)} | ${v.runs.map(fmt).join(', ')} | ${target} |`,
    );
  const single = (name: string, value: string | number, target = '') =>
    lines.push(`| ${name} | ${typeof value === 'number' ? fmt(value) : value} | | | ${target} |`);

  const p = results.pipeline?.detail;
  if (p) {
    const seenBy = p.visibleBy === 'stream' ? "the department's live stream" : 'inbox reads every 20 ms';
    lines.push(
      `| **pipeline** (${p.concurrency} operators, ${p.durationSeconds} s per run; summons seen through ${seenBy}) | | | | |`,
    );
    row('whistles completed per second', p.whistlesPerSec, '≥ 100');
    row('events per second (every topic)', p.eventsPerSec);
    row('whistle → every summons visible, p50 (ms)', p.p50SummonsVisibleMs);
    row('whistle → every summons visible, p99 (ms)', p.p99SummonsVisibleMs, '< 250');
    row('last arrival → WhistleCompleted consumed, p50 (ms)', p.p50CompletionMs);
    row('last arrival → WhistleCompleted consumed, p99 (ms)', p.p99CompletionMs);
    single(
      'events per whistle / mean event size (bytes)',
      `${fmt(p.eventsPerWhistle)} / ${p.meanEventBytes}`,
    );
    single('CPU ms per whistle (all services)', p.cpuMsPerWhistle);
    const infraCpu = p.infraCpuMsPerWhistle;
    single(
      'CPU ms per whistle: PostgreSQL / Kafka',
      `${infraCpu.postgres === null ? '—' : fmt(infraCpu.postgres)} / ${infraCpu.kafka === null ? '—' : fmt(infraCpu.kafka)}`,
    );
    if (p.census)
      single(
        'SQL statements / transactions per whistle (all services)',
        `${fmt(p.census.statementsPerWhistle)} / ${fmt(p.census.transactionsPerWhistle)}`,
      );
    single('failed whistles (all runs)', p.errors, '0');
    const one = p.oneOperator;
    if (one)
      single(
        `one operator alone (${one.whistles} whistles): visible p50 / p99, completion p50 / p99 (ms)`,
        `${one.p50SummonsVisibleMs} / ${one.p99SummonsVisibleMs}, ${one.p50CompletionMs} / ${one.p99CompletionMs}`,
      );
  }
  const open = results.openLoop;
  if (open) {
    lines.push(
      `| **open loop** (whistles offered at a fixed rate, ${open.durationSeconds} s each; latency from the intended send time) | | | | |`,
    );
    for (const r of open.rates)
      single(
        `${r.rate}/s: completed / offered; visible p50 / p99 / max (ms); completion p99 (ms)`,
        `${r.completed} / ${r.offered}; ${r.visibleMs.p50} / ${r.visibleMs.p99} / ${r.visibleMs.max}; ${r.completionMs.p99}`,
        r.held ? 'held' : 'not held',
      );
    if (open.skipped.length > 0)
      single(`not offered (a lower rate was already 20× past 250 ms)`, open.skipped.join(', '));
  }
  const floor = results.floor;
  if (floor) {
    lines.push(
      `| **floor** (floor.ts: the least durable work a whistle needs, ${floor.operators} operators, no framework) | | | | |`,
    );
    row('floor whistles per second', floor.spread);
    single('floor: harness CPU ms per whistle', floor.runs[0]?.harnessCpuMsPerWhistle ?? 0);
    if (results.ratio.pipelineToFloor !== undefined)
      single('ratio pipeline ÷ floor whistles/s', results.ratio.pipelineToFloor, '≥ 0.5');
  }
  const raw = results.rawKafkajs?.detail;
  if (raw) {
    lines.push(`| **raw baselines** (same broker, same run) | | | | |`);
    row(`raw kafkajs events per second (${raw.events} events, produce + consume)`, raw.eventsPerSec);
    row('ratio pipeline events/s ÷ raw kafkajs events/s', raw.pipelineToRaw, '≥ 0.25');
  }
  const perf = results.kafkaPerfTools;
  if (perf) {
    row(
      `kafka-producer-perf-test records/s (${perf.records} × ${perf.recordBytes} B, acks=all)`,
      perf.producerRecordsPerSec,
    );
    row('kafka-consumer-perf-test records/s', perf.consumerRecordsPerSec);
  }
  const pg = results.pgbench;
  if (pg) row(`pgbench one-row INSERT transactions/s (${pg.clients} clients)`, pg.tps);
  const h = results.http;
  if (h) {
    lines.push(
      `| **HTTP** (autocannon, ${h.connections} connections; ${h.requestsPerRun} acknowledgements a run, the bare route for ${h.bareSeconds} s) | | | | |`,
    );
    row('POST /summons/:id/acknowledge requests/s', h.acknowledge.requestsPerSec);
    row('POST /summons/:id/acknowledge p99 (ms)', h.acknowledge.p99Ms);
    row('bare NestJS route requests/s', h.bareRoute.requestsPerSec);
    row('bare NestJS route p99 (ms)', h.bareRoute.p99Ms);
    row('ratio acknowledge (whole system running) ÷ bare route requests/s', h.ackToBare);
    row('ratio acknowledge p99 ÷ bare route p99', h.p99AckToBare);
    single('non-2xx answers to acknowledge (all runs)', h.acknowledge.non2xx, '0');
    const alone = h.isolated;
    single(
      `acknowledge alone (other services stopped; ${alone.acknowledgements} in ${alone.seconds} s): requests/s, p99 (ms), non-2xx`,
      `${fmt(alone.acknowledge.requestsPerSec)}, ${fmt(alone.acknowledge.p99Ms)}, ${alone.acknowledge.non2xx + alone.acknowledge.errors}`,
    );
    single('bare route for as long: requests/s', alone.bareRoute.requestsPerSec);
    single('ratio acknowledge alone ÷ bare route requests/s', alone.ratio, '≥ 0.30');
  }
  const t = results.timers;
  if (t) {
    lines.push(`| **timers** | | | | |`);
    single(
      `timers armed / due over ${t.spreadSeconds} s`,
      `${fmt(t.armed)} / ${fmt(t.fired)}`,
      '1,000,000 armed',
    );
    row('timers fired per second', t.detail.firesPerSec, '≥ 2,000');
    row('timer lateness p50 (ms)', t.detail.latenessP50Ms);
    row('timer lateness p99 (ms)', t.detail.latenessP99Ms, '≤ 100');
    row('timer lateness max (ms)', t.detail.latenessMaxMs);
    row('sla-timer peak RSS (MB)', t.detail.peakRssMb, '< 250');
  }
  const rss = Object.entries(results.rssMb);
  if (rss.length > 0) {
    lines.push(`| **peak RSS during the pipeline** (MB) | | | | |`);
    for (const [name, mb] of rss) single(name, mb, '< 250');
  }
  lines.push('', '## Targets', '', '| target | measured | met |', '| --- | --- | --- |');
  const target = (name: string, measured: string, met: boolean) =>
    lines.push(`| ${name} | ${measured} | ${met ? 'yes' : '**no**'} |`);
  if (raw) {
    const r = raw.pipelineToRaw.median;
    target('pipeline events/s ÷ raw kafkajs events/s ≥ 0.25', fmt(r), r >= 0.25);
  }
  if (p) {
    const w = p.whistlesPerSec.median;
    const v = p.p99SummonsVisibleMs.median;
    target(
      '≥ 100 whistles/s (closed loop) with p99 whistle → summons visible < 250 ms',
      `${fmt(w)}/s, p99 ${fmt(v)} ms`,
      w >= 100 && v < 250,
    );
    target('≤ 10 ms of CPU per whistle (all services)', fmt(p.cpuMsPerWhistle), p.cpuMsPerWhistle <= 10);
    if (p.census) {
      const { statementsPerWhistle: st, transactionsPerWhistle: tx } = p.census;
      target(
        '≤ 50 statements and ≤ 10 transactions per whistle',
        `${fmt(st)} / ${fmt(tx)}`,
        st <= 50 && tx <= 10,
      );
    }
  }
  if (results.ratio.pipelineToFloor !== undefined) {
    const r = results.ratio.pipelineToFloor;
    target('pipeline ≥ 0.5 of the floor (whistles/s)', fmt(r), r >= 0.5);
  }
  if (open) {
    const m = open.maxRateP99VisibleUnder250Ms;
    target('open loop: ≥ 50 whistles/s offered with p99 visible ≤ 250 ms', `${fmt(m)}/s`, m >= 50);
  }
  if (t) {
    const ok = t.armed >= 1_000_000 && t.firesPerSec >= 2000 * 0.98 && t.latenessP99Ms <= 100;
    target(
      'timer lateness p99 ≤ 100 ms at 2,000 fires/s with 1,000,000 armed',
      `p99 ${fmt(t.latenessP99Ms)} ms at ${fmt(t.firesPerSec)}/s, ${fmt(t.armed)} armed`,
      ok,
    );
  }
  const idleValues = Object.entries(results.idleCpuPercent ?? {});
  if (idleValues.length > 0) {
    const [name, pct] = idleValues.sort((a, b) => b[1] - a[1])[0];
    target('idle CPU ≤ 1 % of a core per service', `largest: ${name} ${fmt(pct)} %`, pct <= 1);
  }
  if (h) {
    const r = h.isolated.ratio;
    target(
      'acknowledge alone ≥ 30 % of the bare route requests/s',
      `${fmt(r * 100)} % (${fmt(h.isolated.acknowledge.requestsPerSec)} of ${fmt(h.isolated.bareRoute.requestsPerSec)}/s)`,
      r >= 0.3,
    );
  }
  if (rss.length > 0) {
    const [name, mb] = rss.sort((a, b) => b[1] - a[1])[0];
    target('every service < 250 MB RSS at peak', `largest: ${name} ${mb} MB`, mb < 250);
  }
  if (p) {
    lines.push('', '## Where the CPU went during the pipeline', '');
    lines.push(
      `All services together: ${fmt(p.cpuMsPerWhistle)} ms of CPU per whistle, ${fmt(p.handledPerWhistleTotal)} events handled (inbox transactions) per whistle.`,
      '',
      '| service | CPU seconds per run (median) | events handled per whistle | statements per whistle | BEGIN…COMMIT per whistle | idle CPU (% of a core) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    );
    const idle = results.idleCpuPercent ?? {};
    const census = (name: string) => p.census?.byService[name];
    for (const [name, seconds] of Object.entries(p.cpuSeconds).sort((a, b) => b[1] - a[1]))
      lines.push(
        `| ${name} | ${fmt(seconds)} | ${fmt(p.handledPerWhistle[name] ?? 0)} | ${census(name) ? fmt(census(name)!.statements) : '—'} | ${census(name) ? fmt(census(name)!.explicitTransactions) : '—'} | ${fmt(idle[name] ?? 0)} |`,
      );
  }
  if (p && Object.keys(p.stages).length > 0) {
    lines.push(
      '',
      '## Where an event waits between services (pipeline)',
      '',
      "From the rows the services wrote (outbox `created_at` / `published_at`, the consumer's inbox `handled_at`, one database clock); medians over the runs.",
      '',
      '| hop | p50 (ms) | p99 (ms) |',
      '| --- | ---: | ---: |',
      ...Object.entries(p.stages).map(([name, v]) => `| ${name} | ${fmt(v.p50)} | ${fmt(v.p99)} |`),
    );
  }
  if (p && p.dbWaits.length > 0) {
    lines.push(
      '',
      '## What the database sessions were doing (pipeline)',
      '',
      '`pg_stat_activity` sampled every 50 ms during the runs: average sessions in each state (`CPU` = running, no wait event). Sessions idle in a transaction wait for their service.',
      '',
      '| state | wait | statement | sessions |',
      '| --- | --- | --- | ---: |',
      ...p.dbWaits.map((w) => {
        const [state, wait, statement] = w.what.split(' | ');
        return `| ${state} | ${wait} | \`${statement.replace(/\|/g, '\\|')}\` | ${fmt(w.sessions)} |`;
      }),
    );
  }
  const prof = results.profile;
  if (prof) {
    const s = prof.summary;
    lines.push(
      '',
      `## CPU profile of ${prof.service} (the busiest service) during a pipeline run`,
      '',
      `\`node --cpu-prof\`, ${fmt(prof.seconds)} s of pipeline: ${s.busyMs} ms busy of ${s.totalMs} ms sampled. Self time:`,
      '',
      '| where the code lives | self ms | % of busy |',
      '| --- | ---: | ---: |',
      ...s.byOrigin.map((e) => `| ${e.name} | ${e.selfMs} | ${e.percent} |`),
      '',
      '| function | self ms | % of busy |',
      '| --- | ---: | ---: |',
      ...s.topFunctions.map((e) => `| \`${e.name.replace(/\|/g, '\\|')}\` | ${e.selfMs} | ${e.percent} |`),
    );
  }
  if (existsSync(FINDINGS)) lines.push('', readFileSync(FINDINGS, 'utf8').trim());
  return `${lines.join('\n')}\n`;
}

/** What bounds the figures, written by whoever read the profile: kept under the table on every run. */
const FINDINGS = path.join(ROOT, 'bench', 'FINDINGS.md');

async function main(): Promise<void> {
  // The services run on the bench's own Node (process.execPath), so an older one on the PATH
  // would measure the system on a runtime it does not support (package.json engines: >= 24).
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 24)
    throw new Error(
      `Node ${process.version}: the bench and the services it starts need Node 24 ` +
        '(export PATH=/work/main/.tools/node/node_modules/.bin:$PATH, see README.md)',
    );
  const options = parseArgs(process.argv.slice(2));
  const wants = (section: string) => options.only === null || options.only.has(section);
  const infra = await bringUpInfra();
  const results: Results = {
    measuredAt: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    machine: await describeMachine(infra, KAFKA_VERSION),
    rssMb: {},
    ratio: {},
    notes: [],
  };
  const started = Date.now();

  const sections = {
    pipeline: wants('pipeline'),
    raw: wants('raw'),
    http: wants('http'),
    profile: wants('profile') && options.profile,
    openLoop: wants('openloop'),
  };
  if (sections.pipeline || sections.raw || sections.http || sections.profile || sections.openLoop) {
    const system = await benchSystem(infra, {
      quick: options.quick,
      sections,
      visibleBy: options.visibleBy,
      operators: options.operators,
      log,
    });
    if (system.pipeline) {
      const p = system.pipeline;
      results.pipeline = {
        whistlesPerSec: p.whistlesPerSec.median,
        eventsPerSec: p.eventsPerSec.median,
        p50SummonsVisibleMs: p.p50SummonsVisibleMs.median,
        p99SummonsVisibleMs: p.p99SummonsVisibleMs.median,
        p50CompletionMs: p.p50CompletionMs.median,
        p99CompletionMs: p.p99CompletionMs.median,
        cpuMsPerWhistle: p.cpuMsPerWhistle,
        statementsPerWhistle: p.census?.statementsPerWhistle ?? null,
        transactionsPerWhistle: p.census?.transactionsPerWhistle ?? null,
        detail: p,
      };
    }
    if (system.openLoop) results.openLoop = system.openLoop;
    if (system.rawKafkajs) {
      results.rawKafkajs = { eventsPerSec: system.rawKafkajs.eventsPerSec.median, detail: system.rawKafkajs };
      results.ratio.pipelineToRawKafkajs = system.rawKafkajs.pipelineToRaw.median;
    }
    results.kafkaPerfTools = system.perfTools;
    results.pgbench = system.pgbench;
    if (system.http) {
      results.http = system.http;
      results.ratio.ackToBareRoute = system.http.ackToBare.median;
      results.ratio.ackP99ToBareRouteP99 = system.http.p99AckToBare.median;
      results.ratio.ackIsolatedToBareRoute = system.http.isolated.ratio;
    }
    results.profile = system.profile;
    results.idleCpuPercent = system.idleCpuPercent;
    Object.assign(results.rssMb, system.rssMb);
    log(`system sections took ${Math.round((Date.now() - started) / 1000)} s`);
  }

  if (wants('floor')) {
    // The same operators and event size as the pipeline; after the system sections, so the
    // services are gone and the floor has the machine.
    const operators = options.operators ?? 16;
    const eventBytes = results.pipeline?.detail.meanEventBytes ?? 800;
    const runs: FloorRun[] = [];
    for (let i = 1; i <= (options.quick ? 1 : 3); i++) {
      const run = await runFloor(infra, {
        operators,
        durationMs: options.quick ? 5_000 : 12_000,
        eventBytes,
        log,
      });
      log(
        `floor ${i}: ${run.whistles} whistles in ${run.seconds} s = ${run.whistlesPerSec}/s (${run.harnessCpuMsPerWhistle} ms harness CPU per whistle)`,
      );
      runs.push(run);
    }
    const spread = summarise(runs.map((r) => r.whistlesPerSec));
    results.floor = { whistlesPerSec: spread.median, operators, runs, spread };
    if (results.pipeline) results.ratio.pipelineToFloor = results.pipeline.whistlesPerSec / spread.median;
  }

  if (wants('timers')) {
    // 1,000,000 armed in both; 2,000 a second come due, over 60 s (full, three runs) or 15 s
    // (quick, one): the same rate, so quick and full lateness compare.
    const armed = 1_000_000;
    const firesPerSecond = 2_000;
    const spreadSeconds = options.quick ? 15 : 60;
    const firing = firesPerSecond * spreadSeconds;
    // The whole run must fit its budget (full 10 min, quick 2): a timer run takes its spread plus
    // about 40 s (start, arming a million, the last fires, clean-up); fewer runs when the rest took long.
    const budgetSeconds = options.quick ? 120 : 600;
    const elapsed = (Date.now() - started) / 1000;
    const fitting = Math.floor((budgetSeconds - elapsed) / (spreadSeconds + 40));
    const runs = options.timerRuns ?? Math.max(1, Math.min(options.quick ? 1 : 3, fitting));
    if (options.timerRuns === null && runs < (options.quick ? 1 : 3)) {
      results.notes.push(
        `Timers: ${runs} run(s) instead of 3 to fit the ${budgetSeconds / 60}-minute budget (the system sections took ${Math.round(elapsed)} s); ${armed} armed, ${firing} due over ${spreadSeconds} s.`,
      );
    }
    log(`timers: ${runs} run(s) of ${armed} armed, ${firing} due over ${spreadSeconds} s`);
    const detail = await benchTimers(infra, { armed, firing, spreadSeconds, runs, log });
    results.timers = {
      armed,
      fired: firing,
      spreadSeconds: detail.spreadSeconds,
      firesPerSec: detail.firesPerSec.median,
      latenessP50Ms: detail.latenessP50Ms.median,
      latenessP99Ms: detail.latenessP99Ms.median,
      latenessMaxMs: detail.latenessMaxMs.median,
      detail,
    };
    // sla-timer's peak in the pipeline is in rssMb already; the timer engine's own peak is in
    // timers.detail.peakRssMb. The larger of the two is the service's peak.
    results.rssMb['sla-timer'] = Math.max(results.rssMb['sla-timer'] ?? 0, detail.peakRssMb.median);
  }
  log(`bench took ${Math.round((Date.now() - started) / 1000)} s`);

  const files = reportFiles(path.join(ROOT, 'bench'), results.mode, options.only !== null);
  mkdirSync(path.dirname(files.json), { recursive: true });
  writeFileSync(files.json, `${JSON.stringify(results, null, 2)}\n`);
  const table = markdown(results);
  writeFileSync(files.table, table);
  process.stdout.write(table);
  log(`report written to ${path.relative(ROOT, files.table)} and ${path.relative(ROOT, files.json)}`);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
