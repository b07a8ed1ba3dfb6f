import type { ScenarioRow } from './scenario';

const COLUMNS = ['sent', 'accepted', 'refused', 'lost', 'duplicates', 'recoverySeconds'] as const;

/** A plain-text table of the rows, for the terminal and CI logs. */
export function formatTable(rows: ScenarioRow[]): string {
  const header = [
    'scenario',
    ...COLUMNS.map((c) => (c === 'recoverySeconds' ? 'recovery s' : c)),
    'took s',
    'result',
  ];
  const lines = rows.map((r) => [
    r.name,
    ...COLUMNS.map((c) => String(r[c])),
    r.seconds === undefined ? '' : String(r.seconds),
    r.problems.length === 0 ? 'ok' : 'FAILED',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) =>
    cells
      .map((cell, i) =>
        i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]),
      )
      .join('  ');
  return [format(header), widths.map((w) => '-'.repeat(w)).join('  '), ...lines.map(format)].join('\n');
}

/** faults/results/latest.json: the format, plus each scenario's problems in words. */
export function resultsDocument(rows: ScenarioRow[], skipped: string[]): unknown {
  return {
    scenarios: rows.map(
      ({ name, sent, accepted, refused, lost, duplicates, recoverySeconds, seconds, problems }) => ({
        name,
        sent,
        accepted,
        refused,
        lost,
        duplicates,
        recoverySeconds,
        seconds,
        problems,
      }),
    ),
    skipped,
  };
}
