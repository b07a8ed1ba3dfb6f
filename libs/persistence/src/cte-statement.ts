/** What a refused statement's error says (refuseUnless). */
const REFUSED = 'chuishao: the one statement was refused: ';

/** Whether `error` is a statement's refusal (CteStatement.refuseUnless): nothing of it was written. */
export function isRefusedStatement(error: unknown): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  // invalid_text_representation: the refusal's text cast to an integer.
  return code === '22P02' && typeof message === 'string' && message.includes(REFUSED);
}

/** Adds a value to the statement's parameters and answers its placeholder (`$3`, `$3::jsonb`). */
export type Param = (value: unknown, cast?: string) => string;

/** What an expression's rows are wanted for, once the statement has run (as JSON objects). */
export type RowsReader = (rows: Array<Record<string, unknown>>) => void;

/** A Param placing its values at the end of `parameters`. */
function placingInto(parameters: unknown[]): Param {
  return (value, cast = '') => {
    parameters.push(value);
    return `$${parameters.length}${cast}`;
  };
}

/** A text and its parameters from a builder that places its values through `param` ($1, $2…). */
export function withParameters(build: (param: Param) => string): { sql: string; parameters: unknown[] } {
  const parameters: unknown[] = [];
  return { sql: build(placingInto(parameters)), parameters };
}

/**
 * Writes as the common expressions of ONE statement (`WITH w0 AS (INSERT …), w1 AS (…) SELECT …`),
 * numbering the parameters of all of them: what several collectors of a transaction write
 * (TransactionHost.collectIntoStatement) goes to the database in one round trip, and a consumer's
 * inbox rows can join them. PostgreSQL runs every data-modifying expression to completion, read
 * or not, all on one snapshot, so no two of them may change the same row: each collector folds
 * what its items say of a row into one write. An expression whose rows a collector wants (a
 * RETURNING, or a plain SELECT) is read by the statement's final SELECT and handed back (`read`).
 */
export class CteStatement {
  private readonly parts: string[] = [];
  private readonly readers: Array<{ name: string; read: RowsReader }> = [];
  readonly parameters: unknown[] = [];

  /**
   * Adds an expression (`INSERT …`, `UPDATE …`, `SELECT …`), its values through `param`, and
   * answers its name, for the expressions after it to read.
   */
  add(expression: (param: Param) => string, read?: RowsReader): string {
    const name = `w${this.parts.length}`;
    this.parts.push(`${name} AS (${expression(placingInto(this.parameters))})`);
    if (read) this.readers.push({ name, read });
    return name;
  }

  /**
   * Fails the whole statement, so nothing of it is written, unless `condition` holds once the
   * expressions it reads have run: for work tried as one statement on the guess that every
   * item takes its usual course (an answer to a summons that is there and running, say), or that
   * what it read before is still so (a condition with values: a builder given `param`). The
   * error is one `isRefusedStatement` recognises; the caller then does the work the careful way.
   */
  refuseUnless(condition: string | ((param: Param) => string)): void {
    // Read by the final SELECT, or PostgreSQL would never evaluate it. The cast fails only when
    // the condition is false: it reads the condition's value, so the planner cannot fold it
    // into a constant and fail at planning time.
    this.add(
      (param) =>
        `SELECT CASE WHEN g.ok THEN 0 ELSE (${param(REFUSED)}::text || g.ok::text)::int END AS refused
         FROM (SELECT (${typeof condition === 'string' ? condition : condition(param)}) AS ok) AS g`,
      () => undefined,
    );
  }

  /**
   * Adds a query builder's compiled statement (Kysely's `CompiledQuery` has this shape), its `$n`
   * placeholders numbered on from this statement's; answers its name, as `add` does. A text with
   * a string literal is refused: a `$` inside one would be taken for a placeholder (Kysely passes
   * values as parameters).
   */
  addCompiled(compiled: { sql: string; parameters: readonly unknown[] }, read?: RowsReader): string {
    if (/['`]|\$\$/.test(compiled.sql))
      throw new Error('a compiled statement with literals cannot join a CteStatement');
    return this.add((param) => {
      const placeholders = compiled.parameters.map((value) => param(value));
      return compiled.sql.replace(/\$(\d+)/g, (_match, n: string) => placeholders[Number(n) - 1]!);
    }, read);
  }

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  get sql(): string {
    const reads = this.readers.map(
      ({ name }, i) => `SELECT ${i} AS part, to_jsonb(${name}.*) AS row FROM ${name}`,
    );
    return `WITH ${this.parts.join(',\n')}\n${reads.length > 0 ? reads.join('\nUNION ALL ') : 'SELECT 1'}`;
  }

  /** Hands each reader its expression's rows (none when it had none) from the statement's result. */
  deliver(result: ReadonlyArray<{ part?: number; row?: Record<string, unknown> }>): void {
    const rowsOf = this.readers.map(() => [] as Array<Record<string, unknown>>);
    for (const { part, row } of result) if (part !== undefined && row) rowsOf[part]?.push(row);
    this.readers.forEach(({ read }, i) => read(rowsOf[i]!));
  }
}

/**
 * Of several items for one row, the last (collected in the order their events came), in key order:
 * one upsert may not touch a row twice, and statements that take their rows' locks in one order
 * cannot deadlock on them.
 */
export function latestByKey<T>(items: readonly T[], key: (item: T) => string): T[] {
  const latest = new Map(items.map((item) => [key(item), item]));
  return [...latest.keys()].sort().map((k) => latest.get(k)!);
}
