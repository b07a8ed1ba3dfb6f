import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KAFKA_VERSION } from '@chuishao/launcher';
import { describeMachine, type Machine } from './machine';
import { bringUpInfra, ROOT } from './system';
import { benchTimers, type TimersResult } from './timers';

/**
 * `npm run bench` (full, ≤ 10 min) and `npm run bench -- --quick` (≤ 2 min): the system measured
 * on this machine, next to raw baselines measured in the same run. Writes
 * bench/results/latest.json (stable names, for tools) and bench/RESULTS.md, and prints the table.
 */
interface Options {
  quick: boolean;
  only: Set<string> | null;
}

function parseArgs(argv: readonly string[]): Options {
  const only = argv.find((a) => a.startsWith('--only='));
  return {
    quick: argv.includes('--quick'),
    only: only ? new Set(only.slice('--only='.length).split(',')) : null,
  };
}

const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

interface Results {
  measuredAt: string;
  mode: 'full' | 'quick';
  machine: Machine;
  timers?: {
    armed: number;
    spreadSeconds: number;
    firesPerSec: number;
    latenessP50Ms: number;
    latenessP99Ms: number;
    latenessMaxMs: number;
    detail: TimersResult;
  };
  rssMb: Record<string, number>;
}

function markdown(results: Results): string {
  const m = results.machine;
  const lines = [
    `# chuishao benchmark results`,
    '',
    `Measured ${results.measuredAt} (${results.mode} run) on ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os};`,
    `Node ${m.node}, Kafka ${m.kafka} (KRaft, one broker), PostgreSQL ${m.postgres}; everything on one box.`,
    'Every figure is the median of its runs, with the spread (max − min) of the runs.',
    '',
    '| measure | median | spread | runs | target |',
    '| --- | ---: | ---: | --- | --- |',
  ];
  const t = results.timers;
  if (t) {
    const row = (name: string, v: { median: number; spread: number; runs: number[] }, target: string) =>
      lines.push(`| ${name} | ${v.median} | ${v.spread} | ${v.runs.join(', ')} | ${target} |`);
    lines.push(`| timers armed (due over ${t.spreadSeconds} s) | ${t.armed} | | | 100,000 |`);
    row('timers fired per second', t.detail.firesPerSec, '≥ 1,000');
    row('timer lateness p50 (ms)', t.detail.latenessP50Ms, '');
    row('timer lateness p99 (ms)', t.detail.latenessP99Ms, '≤ 200');
    row('timer lateness max (ms)', t.detail.latenessMaxMs, '');
    row('sla-timer peak RSS (MB)', t.detail.peakRssMb, '< 250');
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const wants = (section: string) => options.only === null || options.only.has(section);
  const infra = await bringUpInfra();
  const results: Results = {
    measuredAt: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    machine: await describeMachine(infra, KAFKA_VERSION),
    rssMb: {},
  };

  if (wants('timers')) {
    // Full: 100,000 timers due over 100 s (1,000 fires/s), three runs. Quick: 20,000 over 20 s, one.
    const armed = options.quick ? 20_000 : 100_000;
    const detail = await benchTimers(infra, {
      armed,
      spreadSeconds: armed / 1000,
      runs: options.quick ? 1 : 3,
      log,
    });
    results.timers = {
      armed,
      spreadSeconds: detail.spreadSeconds,
      firesPerSec: detail.firesPerSec.median,
      latenessP50Ms: detail.latenessP50Ms.median,
      latenessP99Ms: detail.latenessP99Ms.median,
      latenessMaxMs: detail.latenessMaxMs.median,
      detail,
    };
    results.rssMb['sla-timer'] = detail.peakRssMb.median;
  }

  const dir = path.join(ROOT, 'bench');
  mkdirSync(path.join(dir, 'results'), { recursive: true });
  writeFileSync(path.join(dir, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const table = markdown(results);
  writeFileSync(path.join(dir, 'RESULTS.md'), table);
  process.stdout.write(table);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `[bench] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
