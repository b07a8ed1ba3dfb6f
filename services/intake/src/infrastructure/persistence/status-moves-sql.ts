import type { CaseStatus } from '../../domain/case-status';

export interface StatusChange {
  status: CaseStatus;
  /** The statuses that move to `status` (every other one stays). */
  from: readonly CaseStatus[];
  at: Date;
}

/**
 * One statement for several status moves, applied per case in the order given: each case's
 * moves composed into one UPDATE whose CASE maps every status that moves to where it ends and
 * when (the time of the last move that applies). The UPDATE re-checks its row if another
 * transaction moved it meanwhile. Answers the ids (lower-case) of the cases intake does not have.
 */
export function statusMovesSql(moves: ReadonlyArray<{ id: string; change: StatusChange }>): {
  sql: string;
  parameters: unknown[];
} {
  const parameters: unknown[] = [];
  const param = (value: unknown, cast: string) => {
    parameters.push(value);
    return `$${parameters.length}${cast}`;
  };
  const byCase = new Map<string, StatusChange[]>();
  for (const { id, change } of moves)
    byCase.set(id.toLowerCase(), [...(byCase.get(id.toLowerCase()) ?? []), change]);
  const updates: string[] = [];
  for (const [id, changes] of [...byCase].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // Where each status ends, and when, after this case's moves one after another.
    const ends = new Map<string, { from: CaseStatus[]; to: CaseStatus; at: Date }>();
    for (const start of new Set(changes.flatMap((c) => [...c.from, c.status]))) {
      let status = start;
      let at: Date | null = null;
      for (const change of changes)
        if (change.from.includes(status)) {
          status = change.status;
          at = change.at;
        }
      if (!at) continue;
      const key = `${status}@${at.toISOString()}`;
      const end = ends.get(key) ?? { from: [], to: status, at };
      end.from.push(start);
      ends.set(key, end);
    }
    if (ends.size === 0) continue;
    const whens = [...ends.values()].map((e) => ({
      when: `WHEN status = ANY(${param(e.from, '::text[]')})`,
      e,
    }));
    const status = whens.map(({ when, e }) => `${when} THEN ${param(e.to, '::text')}`).join(' ');
    const changedAt = whens.map(({ when, e }) => `${when} THEN ${param(e.at, '::timestamptz')}`).join(' ');
    const all = [...ends.values()].flatMap((e) => e.from);
    updates.push(
      `m${updates.length} AS (UPDATE cases SET status = CASE ${status} END, status_changed_at = CASE ${changedAt} END ` +
        `WHERE id = ${param(id, '::uuid')} AND status = ANY(${param(all, '::text[]')}))`,
    );
  }
  const known = `SELECT k.id::text AS id FROM unnest(${param([...byCase.keys()], '::uuid[]')}) AS k(id)
     WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = k.id)`;
  return { sql: updates.length > 0 ? `WITH ${updates.join(',\n')}\n${known}` : known, parameters };
}
