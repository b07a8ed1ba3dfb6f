import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FloorRun } from './floor';
import type { Machine } from './machine';
import type { Measured } from './stats';
import { assessTargets, type Assessed } from './targets';
import type { SystemBenchResult } from './system-bench';
import { ROOT } from './system';
import type { TimersResult } from './timers';

/** What bounds the figures, written by whoever read the profile: kept under the table on every run. */
const FINDINGS = path.join(ROOT, 'bench', 'FINDINGS.md');

export interface Results {
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
    /** sla-timer's peak RSS with them armed (median over the runs). */
    peakRssMb: number;
    detail: TimersResult;
  };
  rssMb: Record<string, number>;
  /** The largest service's idle CPU (% of a core) and peak RSS (MB): the targets' measures. */
  idleCpuPercentMax?: number;
  rssMbMax?: number;
  /** Each target (targets.ts) against this run's figure. */
  targets?: Assessed[];
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

export function markdown(results: Results): string {
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
    if (p.census) {
      single(
        'SQL statements / transactions per whistle (all services)',
        `${fmt(p.census.statementsPerWhistle)} / ${fmt(p.census.transactionsPerWhistle)}`,
      );
      // Counted in the statements above: refused one-statement tries, seen only as rollbacks.
      single(
        'of those statements, failed on their own per whistle',
        fmt(p.census.failedStatementsPerWhistle),
      );
    }
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
    for (const r of open.rates) {
      single(
        `${r.rate}/s: completed / offered; visible p50 / p99 / max (ms); completion p99 (ms)`,
        `${r.completed} / ${r.offered}; ${r.visibleMs.p50} / ${r.visibleMs.p99} / ${r.visibleMs.max}; ${r.completionMs.p99}`,
        r.held ? 'held' : 'not held',
      );
      single(
        `${r.rate}/s: whistle → every summons' webhook delivered p50 / p99 / max (ms); not delivered`,
        `${r.webhookMs.p50} / ${r.webhookMs.p99} / ${r.webhookMs.max}; ${r.webhookMissing}`,
      );
    }
    single(
      'webhook deliveries with a bad signature / repeated delivery ids',
      `${open.webhookBadSignatures} / ${open.webhookRepeats}`,
      '0 / —',
    );
    if (open.webhooksRemoved === false)
      single('webhooks left armed for the later sections (their backlog did not drain in 180 s)', 'yes');
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
      `acknowledge alone (other services stopped; ${alone.acknowledgements} in ${alone.seconds} s, ${alone.stretches} stretch(es)): requests/s, p99 (ms, worst stretch), non-2xx`,
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
  lines.push(
    '',
    '## Targets',
    '',
    '`measure` is its path in bench/results/latest.json; `—`: not measured in this run.',
    '',
    '| measure | now | target | met |',
    '| --- | ---: | --- | --- |',
    ...(results.targets ?? assessTargets(results)).map(
      (t) =>
        `| ${t.label} (\`${t.measure}\`) | ${t.now === null ? '—' : fmt(t.now)} | ${t.target} | ${t.met === 'no' ? '**no**' : t.met} |`,
    ),
  );
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
      `\`node --cpu-prof\`, ${fmt(prof.seconds)} s of pipeline: ${s.busyMs} ms busy of ${s.totalMs} ms sampled, ` +
        `while the process spent ${Math.round(prof.cpuSeconds * 1000)} ms on a core (/proc). The profiler samples on ` +
        "the wall clock: time the process waits for a core in the middle of a call counts as that call's self " +
        'time (`writev` above all: a write to a socket wakes PostgreSQL, which may take the core). Self time:',
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
