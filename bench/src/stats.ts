/** Nearest-rank percentile of unsorted values (null when there are none). */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/**
 * The median of several runs and their spread (max − min): the machine is shared and noisy, so a
 * figure is never one run, and the spread says how far to trust it.
 */
export interface Measured {
  median: number;
  spread: number;
  runs: number[];
}

export function summarise(runs: readonly number[], digits = 2): Measured {
  if (runs.length === 0) throw new Error('no runs to summarise');
  const sorted = [...runs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return {
    median: round(median, digits),
    spread: round(sorted[sorted.length - 1] - sorted[0], digits),
    runs: runs.map((run) => round(run, digits)),
  };
}

export function round(value: number, digits = 2): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
