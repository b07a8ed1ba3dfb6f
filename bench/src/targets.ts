/**
 * The targets (issue 22's table, with issue 8's two that still stand), as data: each names its
 * measure by its path in bench/results/latest.json, so a tool reads the same figure the table
 * shows. The report's Targets table and latest.json's `targets` are computed from this list.
 */
export type Comparison = '<=' | '<' | '>=';

export interface Bound {
  /** A path in latest.json, e.g. `pipeline.cpuMsPerWhistle`. */
  measure: string;
  comparison: Comparison;
  value: number;
}

export interface Target extends Bound {
  /** What the measure is, in the report's words. */
  label: string;
  /** Conditions the measurement must have held to count (e.g. the timers' load). */
  alongside?: Bound[];
}

export const TARGETS: readonly Target[] = [
  {
    measure: 'pipeline.cpuMsPerWhistle',
    comparison: '<=',
    value: 10,
    label: 'CPU ms per whistle (all services)',
  },
  {
    measure: 'pipeline.statementsPerWhistle',
    comparison: '<=',
    value: 50,
    label: 'SQL statements per whistle',
  },
  {
    measure: 'pipeline.transactionsPerWhistle',
    comparison: '<=',
    value: 10,
    label: 'transactions per whistle',
  },
  { measure: 'pipeline.whistlesPerSec', comparison: '>=', value: 100, label: 'whistles/s (closed loop)' },
  {
    measure: 'pipeline.p99SummonsVisibleMs',
    comparison: '<',
    value: 250,
    label: 'closed loop: p99 whistle → every summons visible (ms) (issue 8)',
  },
  {
    measure: 'ratio.pipelineToRawKafkajs',
    comparison: '>=',
    value: 0.25,
    label: 'pipeline events/s ÷ raw kafkajs events/s (issue 8)',
  },
  { measure: 'ratio.pipelineToFloor', comparison: '>=', value: 0.5, label: 'pipeline ÷ floor whistles/s' },
  {
    measure: 'openLoop.maxRateP99VisibleUnder250Ms',
    comparison: '>=',
    value: 50,
    label: 'open loop: highest rate (whistles/s) with p99 visible ≤ 250 ms',
  },
  {
    measure: 'ratio.ackIsolatedToBareRoute',
    comparison: '>=',
    value: 0.3,
    label: 'acknowledge alone ÷ bare route requests/s',
  },
  {
    measure: 'timers.latenessP99Ms',
    comparison: '<=',
    value: 100,
    label: 'timer lateness p99 (ms), 1,000,000 armed, 2,000 fires/s',
    // The lateness counts only at that load: all armed, and the fires keeping up (2 % slack).
    alongside: [
      { measure: 'timers.armed', comparison: '>=', value: 1_000_000 },
      { measure: 'timers.firesPerSec', comparison: '>=', value: 1_960 },
    ],
  },
  {
    measure: 'idleCpuPercentMax',
    comparison: '<=',
    value: 1,
    label: 'idle CPU, % of a core (the largest service)',
  },
  { measure: 'rssMbMax', comparison: '<', value: 250, label: 'peak RSS, MB (the largest service)' },
  {
    measure: 'timers.peakRssMb',
    comparison: '<',
    value: 250,
    label: 'sla-timer peak RSS, MB, 1,000,000 armed',
    alongside: [{ measure: 'timers.armed', comparison: '>=', value: 1_000_000 }],
  },
];

export type Met = 'yes' | 'no' | '—';

export interface Assessed {
  measure: string;
  label: string;
  /** The figure of this run, null when the run did not measure it (section not run, no census). */
  now: number | null;
  target: string;
  met: Met;
}

/** The number at a dotted path of the results, or null. */
export function valueAt(results: unknown, measure: string): number | null {
  let node: unknown = results;
  for (const key of measure.split('.')) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' && Number.isFinite(node) ? node : null;
}

function holds(value: number, bound: Bound): boolean {
  switch (bound.comparison) {
    case '<=':
      return value <= bound.value;
    case '<':
      return value < bound.value;
    case '>=':
      return value >= bound.value;
  }
}

/** `—` when not measured; `no` when the figure misses, or was measured without its conditions. */
export function assess(results: unknown, target: Target): Assessed {
  const now = valueAt(results, target.measure);
  const symbol = { '<=': '≤', '<': '<', '>=': '≥' }[target.comparison];
  let met: Met = '—';
  if (now !== null) {
    const conditions = (target.alongside ?? []).every((b) => {
      const v = valueAt(results, b.measure);
      return v !== null && holds(v, b);
    });
    met = holds(now, target) && conditions ? 'yes' : 'no';
  }
  return { measure: target.measure, label: target.label, now, target: `${symbol} ${target.value}`, met };
}

export function assessTargets(results: unknown, targets: readonly Target[] = TARGETS): Assessed[] {
  return targets.map((t) => assess(results, t));
}

/** The largest of a per-service figure (idle CPU, peak RSS), or undefined when there is none. */
export function largest(byService: Record<string, number> | undefined): number | undefined {
  const values = Object.values(byService ?? {});
  return values.length > 0 ? Math.max(...values) : undefined;
}
