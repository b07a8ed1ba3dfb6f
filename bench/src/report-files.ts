import path from 'node:path';

/**
 * Where a run's report goes. Only a whole full run may refresh the committed bench/RESULTS.md: a
 * quick run's shorter, single runs, or a run of some sections (`--only`), are for a change's
 * before-and-after, and overwrote the table a full run on a quiet machine had left (the numbers
 * the README and the issues quote). They write their table beside latest.json, in bench/results/
 * (not committed).
 */
export function reportFiles(
  benchDir: string,
  mode: 'full' | 'quick',
  sectionsChosen = false,
): { json: string; table: string } {
  const results = path.join(benchDir, 'results');
  return {
    json: path.join(results, 'latest.json'),
    table:
      mode === 'full' && !sectionsChosen ? path.join(benchDir, 'RESULTS.md') : path.join(results, 'quick.md'),
  };
}
