import { statusMovesSql, type StatusChange } from './status-moves-sql';

const A = '0193a0c0-0000-7000-8000-00000000000a';
const B = '0193a0c0-0000-7000-8000-00000000000b';
const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 8, minute));
const move = (status: StatusChange['status'], from: StatusChange['from'], minute: number) => ({
  status,
  from,
  at: at(minute),
});

/** The statement with its parameters written in, whitespace collapsed. */
function readable(moves: Array<{ id: string; change: StatusChange }>): string {
  const { sql, parameters } = statusMovesSql(moves);
  return sql
    .replace(/\$(\d+)/g, (_, i: string) => JSON.stringify(parameters[Number(i) - 1]))
    .replace(/\s+/g, ' ');
}

describe('the statement that moves the cases of a transaction', () => {
  it('composes the moves of one case in order: each status to where it ends, and when', () => {
    const sql = readable([
      { id: A, change: move('whistled', ['registered'], 1) },
      { id: A.toUpperCase(), change: move('on_site', ['registered', 'whistled'], 2) },
    ]);
    expect(sql).toContain(
      `m0 AS (UPDATE cases SET status = CASE WHEN status = ANY(["registered","whistled"]::text[]) THEN "on_site"::text END, ` +
        `status_changed_at = CASE WHEN status = ANY(["registered","whistled"]::text[]) THEN "2026-01-01T08:02:00.000Z"::timestamptz END ` +
        `WHERE id = "${A}"::uuid AND status = ANY(["registered","whistled"]::text[]))`,
    );
    expect(sql).not.toContain('m1 AS');
  });

  it('keeps the time of the last move that applies to each status', () => {
    // A late whistle after on_site changes nothing; a case still registered took both moves.
    const sql = readable([
      { id: A, change: move('on_site', ['registered', 'whistled'], 5) },
      { id: A, change: move('whistled', ['registered'], 1) },
    ]);
    expect(sql).toContain('THEN "2026-01-01T08:05:00.000Z"::timestamptz END');
    expect(sql).not.toContain('08:01');
  });

  it('updates only cases a move can change, and answers the ones intake does not have', () => {
    const sql = readable([
      { id: B, change: move('whistled', ['registered'], 1) },
      { id: A, change: move('registered', [], 1) },
    ]);
    expect(sql).toMatch(
      /^WITH m0 AS \(UPDATE cases .* WHERE id = "0193a0c0-0000-7000-8000-00000000000b"::uuid/,
    );
    expect(sql).toContain(`SELECT k.id::text AS id FROM unnest(["${B}","${A}"]::uuid[]) AS k(id)`);
    expect(sql).toContain('WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = k.id)');
  });
});
