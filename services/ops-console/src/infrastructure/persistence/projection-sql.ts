import { GREATEST_FIELDS } from '../../domain/read-model-changes';
import type {
  BoardTable,
  CaseChanges,
  ReadModelChanges,
  RowFill,
  StatusMove,
  TimelineEntry,
} from '../../domain/read-model-changes';
import type { CaseStatus } from '@chuishao/contracts';
import type { CteStatement, Param } from '@chuishao/persistence';

type Value = string | number | boolean | Date | readonly string[];

const TIMELINE_COLUMNS =
  'event_id, case_id, type, version, occurred_at, actor_role, actor_id, summary, facts';

/** The board tables, in the order every statement writes them (one lock order for all). */
const KEYS: Record<BoardTable, string> = {
  whistles: 'whistle_id',
  summons: 'summons_id',
  breaches: 'breach_id',
  escalations: 'escalation_id',
  follow_ups: 'follow_up_id',
};

/** A field's column: `arrivalDeadline` is `arrival_deadline`. */
const column = (field: string) => field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The columns a row knows, with their values; null and absent ones know nothing. */
function known(fields: Readonly<Record<string, Value | null | undefined>>): Array<[string, Value]> {
  const entries: Array<[string, Value]> = [];
  for (const [field, value] of Object.entries(fields))
    if (value !== undefined && value !== null) entries.push([column(field), value]);
  return entries;
}

/**
 * Several status moves of one case, one after another, as one mapping: what a case with no
 * status gets, and the statuses each stored status becomes. A status no move names stays.
 */
function composeMoves(moves: readonly StatusMove[]) {
  const apply = (start: CaseStatus | null) =>
    moves.reduce<CaseStatus | null>((s, move) => (s === null || move.from.includes(s) ? move.to : s), start);
  const becomes = new Map<CaseStatus, CaseStatus[]>();
  for (const status of new Set(moves.flatMap((m) => [...m.from, m.to]))) {
    const after = apply(status)!;
    if (after !== status) becomes.set(after, [...(becomes.get(after) ?? []), status]);
  }
  return { fromNone: apply(null)!, becomes };
}

function timelineSql(param: Param, lines: readonly TimelineEntry[]): string {
  const values = lines.map((t) => {
    const row = [t.eventId, t.caseId, t.type, t.version, t.occurredAt, t.actorRole, t.actorId, t.summary];
    return `(${row.map((v) => param(v)).join(', ')}, ${param(JSON.stringify(t.facts), '::jsonb')})`;
  });
  return `INSERT INTO timeline_entries (${TIMELINE_COLUMNS}) VALUES ${values.join(', ')} ON CONFLICT (event_id) DO NOTHING`;
}

/** The columns a referral sets: where the case is, after its latest referral. */
const PLACEMENT_COLUMNS: readonly string[] = ['center_id', 'center_name', 'center_path'];

/** One case row's upsert: fills in, keeps the latest event time, moves the status forward only. */
function caseSql(param: Param, row: CaseChanges): string {
  const status = row.moves.length > 0 ? composeMoves(row.moves) : null;
  const placed = row.placement;
  // A referral's center replaces the registration's: its columns go by time, not by fill-in.
  const entries = known(row.fields).filter(([c]) => !placed || !PLACEMENT_COLUMNS.includes(c));
  if (status) entries.push(['status', status.fromNone]);
  const columns = ['case_id', 'last_event_at', ...entries.map(([c]) => c)];
  const values = [param(row.caseId), param(row.lastEventAt), ...entries.map(([, v]) => param(v))];
  if (placed) {
    columns.push(...PLACEMENT_COLUMNS, 'placed_at');
    values.push(
      param(placed.centerId),
      param(placed.centerName),
      param(placed.centerPath, '::text[]'),
      param(placed.at),
    );
  }
  const updates = entries
    .filter(([c]) => c !== 'status')
    .map(([c]) => `${c} = COALESCE(case_files.${c}, EXCLUDED.${c})`)
    .concat('last_event_at = GREATEST(case_files.last_event_at, EXCLUDED.last_event_at)');
  if (placed) {
    const newer = 'case_files.placed_at IS NULL OR EXCLUDED.placed_at > case_files.placed_at';
    for (const c of [...PLACEMENT_COLUMNS, 'placed_at'])
      updates.push(`${c} = CASE WHEN ${newer} THEN EXCLUDED.${c} ELSE case_files.${c} END`);
  }
  if (status) {
    // A status the case is already past (or level with) stays: a late event never moves it back.
    const whens = [...status.becomes].map(
      ([to, from]) => `WHEN case_files.status = ANY(${param(from, '::text[]')}) THEN ${param(to, '::text')}`,
    );
    updates.push(
      `status = CASE WHEN case_files.status IS NULL THEN EXCLUDED.status ${whens.join(' ')} ELSE case_files.status END`,
    );
  }
  return (
    `INSERT INTO case_files (${columns.join(', ')}) VALUES (${values.join(', ')}) ` +
    `ON CONFLICT (case_id) DO UPDATE SET ${updates.join(', ')}`
  );
}

const GREATEST_COLUMNS = new Set([...GREATEST_FIELDS].map(column));

/** How a stored column takes a new value: filled in once, or the greatest (GREATEST skips NULL). */
const merged = (table: string, c: string) =>
  GREATEST_COLUMNS.has(c)
    ? `${c} = GREATEST(${table}.${c}, EXCLUDED.${c})`
    : `${c} = COALESCE(${table}.${c}, EXCLUDED.${c})`;

/**
 * A table's rows as one multi-row upsert. A column a row does not know is NULL, which fills in
 * nothing (`COALESCE(old, NULL)` is `old`), so rows knowing different columns share it; a column
 * no row knows is left out.
 */
function rowsSql(param: Param, table: BoardTable, rows: readonly RowFill[]): string {
  const key = KEYS[table];
  const knownOf = rows.map((r) => new Map(known(r.fields)));
  const columns = [...new Set(knownOf.flatMap((r) => [...r.keys()]))].filter((c) => c !== key);
  const values = rows.map(
    (r, i) =>
      `(${[param(r.key), ...columns.map((c) => (knownOf[i]!.has(c) ? param(knownOf[i]!.get(c)) : 'NULL'))].join(', ')})`,
  );
  return (
    `INSERT INTO ${table} (${[key, ...columns].join(', ')}) VALUES ${values.join(', ')} ` +
    (columns.length > 0
      ? `ON CONFLICT (${key}) DO UPDATE SET ${columns.map((c) => merged(table, c)).join(', ')}`
      : 'ON CONFLICT DO NOTHING')
  );
}

/**
 * The writes of what a transaction's events changed (the fold of domain/read-model-projection.ts),
 * into `statement`: timeline lines, then case rows, then board rows, each table's rows in key
 * order, so concurrent transactions take their row locks in one order. The fold has already
 * merged what several events say of one row (a statement may not touch a row twice).
 */
export function projectInto(statement: CteStatement, changes: ReadModelChanges): void {
  statement.add((param) => timelineSql(param, changes.timeline));
  for (const row of [...changes.cases.values()].sort(byKey((r) => r.caseId)))
    statement.add((param) => caseSql(param, row));
  const rows = [...changes.rows.values()];
  for (const table of Object.keys(KEYS) as BoardTable[]) {
    const ofTable = rows.filter((r) => r.table === table).sort(byKey((r) => r.key));
    if (ofTable.length > 0) statement.add((param) => rowsSql(param, table, ofTable));
  }
}

function byKey<T>(key: (item: T) => string) {
  return (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
