import type { CteStatement } from './cte-statement';
import { isAssignIfUnset, type ColumnsOf, type Condition, type Transition } from '@chuishao/kernel';
import { sql, type RawBuilder } from 'kysely';

/** What adds a value to a statement's parameters and answers its placeholder ($1, $2, …). */
export type ParameterSink = Pick<Parameters, 'add'>;

/** Collects a statement's parameters and answers each one's placeholder ($1, $2, …). */
export class Parameters {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

function columnOf<S>(columns: ColumnsOf<S>, field: keyof S & string): string {
  const column = columns[field];
  if (!column) throw new Error(`no column for field ${field}: a transition may only use mapped fields`);
  return ident(column);
}

function conditionSql<S>(
  row: string,
  columns: ColumnsOf<S>,
  condition: Condition<S>,
  p: ParameterSink,
): string {
  const column = `${row}.${columnOf(columns, condition.field)}`;
  if ('oneOf' in condition) return `${column} = ANY(${p.add([...condition.oneOf])})`;
  if ('unset' in condition) return `${column} IS NULL`;
  if ('atLeast' in condition) return `${column} >= ${p.add(condition.atLeast)}`;
  return `(${column} IS NULL OR ${column} > ${p.add(condition.unsetOrAfter)})`;
}

/**
 * The WHERE and SET of a conditional UPDATE that makes `transition` where its conditions hold,
 * read off the same description `applyTransition` interprets in memory: no rule restated in SQL.
 * `guarded` names the row the conditions read, `target` the row being written.
 */
export function transitionSql<S>(
  transition: Transition<S>,
  columns: ColumnsOf<S>,
  p: ParameterSink,
  rows: { guarded: string; target: string },
): { where: string; set: string } {
  const where = transition.when.map((c) => conditionSql(rows.guarded, columns, c, p));
  const set = Object.entries(transition.set).map(([field, assignment]) => {
    const column = columnOf(columns, field as keyof S & string);
    return isAssignIfUnset(assignment)
      ? `${column} = COALESCE(${rows.target}.${column}, ${p.add(assignment.ifUnset)})`
      : `${column} = ${p.add(assignment)}`;
  });
  if (set.length === 0) throw new Error('a transition must set at least one field');
  return { where: where.length > 0 ? where.join(' AND ') : 'TRUE', set: set.join(', ') };
}

/**
 * transitionSql for a statement written with Kysely's `sql` template (the department's delivery
 * settlement): the same WHERE and SET, each a fragment whose values Kysely binds as parameters.
 */
export function transitionFragments<S>(
  transition: Transition<S>,
  columns: ColumnsOf<S>,
  rows: { guarded: string; target: string },
): { where: RawBuilder<unknown>; set: RawBuilder<unknown> } {
  const p = new Parameters();
  const { where, set } = transitionSql(transition, columns, p, rows);
  return { where: bound(where, p.values), set: bound(set, p.values) };
}

/** A text of transitionSql's (identifiers and `$n` placeholders, no literals) with its values bound. */
function bound(text: string, values: readonly unknown[]): RawBuilder<unknown> {
  // split() with a capturing group: the texts between placeholders at even places, numbers at odd.
  const pieces = text.split(/\$(\d+)/);
  return sql.join(
    pieces.map((piece, i) => (i % 2 === 0 ? sql.raw(piece) : sql.val(values[Number(piece) - 1]))),
    sql.raw(''),
  );
}

export interface LockAndTryStatement<S> {
  table: string;
  keyColumn: string;
  id: string;
  columns: ColumnsOf<S>;
  /** Tried on the locked row; its conditions are checked there, its fields written if they hold. */
  attempt: Transition<S> | null;
  /**
   * A data-modifying statement run before the row is locked (cancelling its timers, say), given
   * the parameters to add its own to. The lock waits for it: lock order stays what callers expect.
   */
  before?: (p: ParameterSink) => string;
}

/**
 * One statement that (optionally) runs `before`, reads and locks a row by key, and tries the
 * transition `attempt` on it: the fast path of a command whose usual outcome is known in
 * advance. Answers the row as it was BEFORE the attempt, plus `transitioned`, so the caller's
 * `evolve` produces the state the database now holds. Rows: none when there is no such row.
 */
export function lockAndTrySql<S>(statement: LockAndTryStatement<S>): { sql: string; params: unknown[] } {
  const p = new Parameters();
  const table = ident(statement.table);
  const key = ident(statement.keyColumn);
  const ctes: string[] = [];
  let gate = '';
  if (statement.before) {
    ctes.push(`before_lock AS (${statement.before(p)})`);
    // A condition without columns runs once, before the scan (a One-Time Filter): the read and
    // its lock come after the earlier statement's writes, as two statements would.
    gate = ' AND (SELECT count(*) FROM before_lock) >= 0';
  }
  ctes.push(
    `cur AS (SELECT t.* FROM ${table} t WHERE t.${key} = ${p.add(statement.id)}${gate} FOR UPDATE OF t)`,
  );
  let transitioned = 'FALSE';
  if (statement.attempt) {
    const { where, set } = transitionSql(statement.attempt, statement.columns, p, {
      guarded: 'cur',
      target: 'u',
    });
    ctes.push(
      `tried AS (UPDATE ${table} u SET ${set} FROM cur WHERE u.${key} = cur.${key} AND ${where} RETURNING 1)`,
    );
    transitioned = 'EXISTS (SELECT 1 FROM tried)';
  }
  return {
    sql: `WITH ${ctes.join(', ')} SELECT cur.*, ${transitioned} AS transitioned FROM cur`,
    params: p.values,
  };
}

/**
 * lockAndTrySql's statement as expressions of `statement` (work tried as one statement, several
 * rows each locked and tried, a consumed batch of answers say): `read` gets the row as it was
 * before the attempt (JSON: dates as strings), or null when there is none. Answers an SQL
 * expression for whether the attempt was written, for `statement.refuseUnless`.
 */
export function lockAndTryInto<S>(
  statement: CteStatement,
  spec: LockAndTryStatement<S>,
  read: (row: Record<string, unknown> | null) => void,
): { transitioned: string } {
  const table = ident(spec.table);
  const key = ident(spec.keyColumn);
  const sink = (param: (value: unknown) => string): ParameterSink => ({ add: (value) => param(value) });
  let gate = '';
  if (spec.before) {
    const { before } = spec;
    // As in lockAndTrySql: a one-time filter, so the lock waits for the earlier write.
    gate = ` AND (SELECT count(*) FROM ${statement.add((param) => before(sink(param)))}) >= 0`;
  }
  const cur = statement.add(
    (param) => `SELECT t.* FROM ${table} t WHERE t.${key} = ${param(spec.id)}${gate} FOR UPDATE OF t`,
  );
  let transitioned = 'FALSE';
  if (spec.attempt) {
    const { attempt, columns } = spec;
    const tried = statement.add((param) => {
      const { where, set } = transitionSql(attempt, columns, sink(param), { guarded: cur, target: 'u' });
      return `UPDATE ${table} u SET ${set} FROM ${cur} WHERE u.${key} = ${cur}.${key} AND ${where} RETURNING 1`;
    });
    transitioned = `EXISTS (SELECT 1 FROM ${tried})`;
  }
  statement.add(
    () => `SELECT ${cur}.* FROM ${cur}`,
    (rows) => read(rows[0] ?? null),
  );
  return { transitioned };
}

export interface TryEachStatement<S> {
  table: string;
  keyColumn: string;
  columns: ColumnsOf<S>;
  /** One transition per row, each tried on its row; no row twice (one UPDATE may not write a row twice). */
  attempts: ReadonlyArray<{ id: string; attempt: Transition<S> }>;
}

/**
 * Tries a transition on each of several rows (a batch of events' moves, each row's already reduced
 * to one), into `statement`: an UPDATE per row, each its own data-modifying expression, written
 * where the row's conditions hold. `onKnown` gets the keys of the rows that exist, so a caller can
 * tell a move for an unknown row from one that did not apply.
 */
export function tryEachInto<S>(
  statement: CteStatement,
  tryEach: TryEachStatement<S>,
  onKnown: (keys: string[]) => void,
): void {
  if (tryEach.attempts.length === 0) throw new Error('tryEachInto needs at least one attempt');
  const ids = tryEach.attempts.map((a) => a.id);
  if (new Set(ids).size !== ids.length) throw new Error('tryEachInto: a row may be tried once per statement');
  const table = ident(tryEach.table);
  const key = ident(tryEach.keyColumn);
  for (const { id, attempt } of tryEach.attempts)
    statement.add((param) => {
      const p = { add: (value: unknown) => param(value) };
      const { where, set } = transitionSql(attempt, tryEach.columns, p, { guarded: 'u', target: 'u' });
      return `UPDATE ${table} u SET ${set} WHERE u.${key} = ${p.add(id)} AND ${where} RETURNING 1`;
    });
  statement.add(
    (param) => `SELECT t.${key} AS key FROM ${table} t WHERE t.${key} = ANY(${param(ids)})`,
    (rows) => onKnown(rows.map((row) => String(row.key))),
  );
}
