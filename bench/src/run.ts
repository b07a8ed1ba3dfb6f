import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KAFKA_VERSION } from '@chuishao/launcher';
import { stopIdleRequestQueueLoop } from '@chuishao/messaging';
import { runFloor, type FloorRun } from './floor';
import { describeMachine } from './machine';
import type { VisibleBy } from './pipeline';
import { summarise } from './stats';
import { benchSystem } from './system-bench';
import { bringUpInfra, ROOT } from './system';
import { reportFiles } from './report-files';
import { markdown, type Results } from './report-table';
import { assessTargets, largest } from './targets';
import { benchTimers } from './timers';

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
  // The bench's own kafkajs clients (the floor harness, the event tap, the raw baseline) get the
  // services' fix of kafkajs' idle 1 ms loop: the floor is the least a whistle needs, and an
  // unpatched harness spent CPU the services no longer spend.
  if (!stopIdleRequestQueueLoop())
    log('kafkajs is not the version its idle-loop fix was written for: the bench runs it unpatched');
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
    // about 50 s (start, arming a million, the 15 s lead, the last fires, clean-up); fewer runs when the rest took long.
    const budgetSeconds = options.quick ? 120 : 600;
    const elapsed = (Date.now() - started) / 1000;
    const fitting = Math.floor((budgetSeconds - elapsed) / (spreadSeconds + 50));
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
      peakRssMb: detail.peakRssMb.median,
      detail,
    };
    // sla-timer's peak in the pipeline is in rssMb already; the timer engine's own peak is in
    // timers.detail.peakRssMb. The larger of the two is the service's peak.
    results.rssMb['sla-timer'] = Math.max(results.rssMb['sla-timer'] ?? 0, detail.peakRssMb.median);
  }
  log(`bench took ${Math.round((Date.now() - started) / 1000)} s`);
  results.idleCpuPercentMax = largest(results.idleCpuPercent);
  results.rssMbMax = largest(results.rssMb);
  results.targets = assessTargets(results);

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
