import type { CaseEventFacts, CaseStatus } from '@chuishao/contracts';

export type Value = string | number | Date | readonly string[] | null;

export interface TimelineEntry {
  eventId: string;
  caseId: string;
  type: string;
  version: number;
  occurredAt: Date;
  actorRole: string;
  actorId: string;
  summary: string;
  facts: CaseEventFacts;
}

/** A row of a board or scorecard table that an event fills in, by its key. */
export interface FillIn {
  table: 'whistles' | 'summons' | 'breaches' | 'escalations';
  key: string;
  fields: Record<string, Value | undefined>;
}

/** The status an event moves its case to, and the statuses it moves it from. */
export interface StatusMove {
  to: CaseStatus;
  from: readonly CaseStatus[];
}

/** Everything one event changes in the read models. */
export interface Projection {
  timeline: TimelineEntry;
  caseFields: Record<string, Value | undefined>;
  status: StatusMove | null;
  fillIns: FillIn[];
}

const TIMELINE_COLUMNS =
  'event_id, case_id, type, version, occurred_at, actor_role, actor_id, summary, facts';

/** The board tables, in the order every statement writes them (one lock order for all). */
const KEYS: Record<FillIn['table'], string> = {
  whistles: 'whistle_id',
  summons: 'summons_id',
  breaches: 'breach_id',
  escalations: 'escalation_id',
};

type Param = (value: unknown, cast?: string) => string;

/** Data-modifying CTEs of one statement; PostgreSQL runs each to completion, read or not. */
class Statement {
  private readonly parts: string[] = [];
  readonly parameters: unknown[] = [];

  add(sql: (param: Param) => string): void {
    const param: Param = (value, cast = '') => {
      this.parameters.push(value);
      return `$${this.parameters.length}${cast}`;
    };
    this.parts.push(`w${this.parts.length} AS (${sql(param)})`);
  }

  get sql(): string {
    return `WITH ${this.parts.join(',\n')}\nSELECT 1`;
  }
}

/** Fills `into` as applying `fields` after it would: a column keeps its first non-null value. */
function fillFirst(into: Record<string, Value | undefined>, fields: Record<string, Value | undefined>): void {
  for (const [column, value] of Object.entries(fields)) {
    const first = into[column];
    if (first === undefined || (first === null && value !== undefined)) into[column] = value;
  }
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

interface CaseRow {
  caseId: string;
  lastEventAt: Date;
  fields: Record<string, Value | undefined>;
  moves: StatusMove[];
}

/** One case row's upsert: fills in, keeps the latest event time, moves the status forward only. */
function caseSql(param: Param, row: CaseRow): string {
  const status = row.moves.length > 0 ? composeMoves(row.moves) : null;
  const entries = Object.entries({ ...row.fields, status: status?.fromNone }).filter(
    ([, v]) => v !== undefined,
  ) as Array<[string, Value]>;
  const columns = ['case_id', 'last_event_at', ...entries.map(([c]) => c)];
  const values = [param(row.caseId), param(row.lastEventAt), ...entries.map(([, v]) => param(v))];
  const updates = entries
    .filter(([c]) => c !== 'status')
    .map(([c]) => `${c} = COALESCE(case_files.${c}, EXCLUDED.${c})`)
    .concat('last_event_at = GREATEST(case_files.last_event_at, EXCLUDED.last_event_at)');
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

/**
 * A table's fill-ins as one multi-row upsert. A column a row does not know is NULL, which fills
 * in nothing (`COALESCE(old, NULL)` is `old`), so rows knowing different columns share it; a
 * column no row knows is left out.
 */
function fillInsSql(param: Param, table: FillIn['table'], rows: FillIn[]): string {
  const key = KEYS[table];
  const columns = [
    ...new Set(rows.flatMap((r) => Object.keys(r.fields).filter((c) => r.fields[c] != null))),
  ].filter((c) => c !== key);
  const values = rows.map(
    (r) =>
      `(${[param(r.key), ...columns.map((c) => (r.fields[c] == null ? 'NULL' : param(r.fields[c])))].join(', ')})`,
  );
  return (
    `INSERT INTO ${table} (${[key, ...columns].join(', ')}) VALUES ${values.join(', ')} ` +
    (columns.length > 0
      ? `ON CONFLICT (${key}) DO UPDATE SET ${columns.map((c) => `${c} = COALESCE(${table}.${c}, EXCLUDED.${c})`).join(', ')}`
      : 'ON CONFLICT DO NOTHING')
  );
}

/**
 * One statement that applies `projections`, in their order, as applying them one by one would:
 * timeline lines, then case rows, then board rows, each table's rows in key order, so concurrent
 * transactions take their row locks in one order. Rows two events both touch are merged first
 * (a statement may not touch a row twice).
 */
export function projectionSql(projections: readonly Projection[]): { sql: string; parameters: unknown[] } {
  const statement = new Statement();
  statement.add(
    (param) =>
      `INSERT INTO timeline_entries (${TIMELINE_COLUMNS}) VALUES ${projections
        .map(({ timeline: t }) => {
          const row = [
            t.eventId,
            t.caseId,
            t.type,
            t.version,
            t.occurredAt,
            t.actorRole,
            t.actorId,
            t.summary,
          ];
          return `(${row.map((v) => param(v)).join(', ')}, ${param(JSON.stringify(t.facts), '::jsonb')})`;
        })
        .join(', ')} ON CONFLICT (event_id) DO NOTHING`,
  );

  const cases = new Map<string, CaseRow>();
  for (const { timeline, caseFields, status } of projections) {
    // Keys are uuid columns: one row whatever the letter case an event spells its id in.
    let row = cases.get(timeline.caseId.toLowerCase());
    if (!row) {
      row = { caseId: timeline.caseId, lastEventAt: timeline.occurredAt, fields: {}, moves: [] };
      cases.set(timeline.caseId.toLowerCase(), row);
    }
    if (timeline.occurredAt > row.lastEventAt) row.lastEventAt = timeline.occurredAt;
    fillFirst(row.fields, caseFields);
    if (status) row.moves.push(status);
  }
  for (const row of [...cases.values()].sort(byKey((r) => r.caseId)))
    statement.add((param) => caseSql(param, row));

  const rows = new Map<string, FillIn>();
  for (const fillIn of projections.flatMap((p) => p.fillIns)) {
    const id = `${fillIn.table}:${fillIn.key.toLowerCase()}`;
    const earlier = rows.get(id);
    if (earlier) fillFirst(earlier.fields, fillIn.fields);
    else rows.set(id, { ...fillIn, fields: { ...fillIn.fields } });
  }
  for (const table of Object.keys(KEYS) as Array<FillIn['table']>) {
    const ofTable = [...rows.values()].filter((r) => r.table === table).sort(byKey((r) => r.key));
    if (ofTable.length > 0) statement.add((param) => fillInsSql(param, table, ofTable));
  }
  return { sql: statement.sql, parameters: statement.parameters };
}

function byKey<T>(key: (item: T) => string) {
  return (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
