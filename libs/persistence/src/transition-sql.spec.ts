import { applyTransition, transitionAllowed, type Transition } from '@chuishao/kernel';
import { CteStatement, isRefusedStatement } from './cte-statement';
import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  sql,
} from 'kysely';
import { lockAndTryInto, lockAndTrySql, transitionFragments, tryEachInto } from './transition-sql';

interface Row {
  id: string;
  status: 'open' | 'done';
  due: Date;
  firstSeen: Date | null;
  doneAt: Date | null;
}

const AT = new Date('2026-01-01T08:00:00Z');
const finish: Transition<Row> = {
  when: [
    { field: 'status', oneOf: ['open'] },
    { field: 'due', atLeast: AT },
    { field: 'doneAt', unset: true },
  ],
  set: { status: 'done', doneAt: AT, firstSeen: { ifUnset: AT } },
};
const columns = { status: 'status', due: 'due', firstSeen: 'first_seen', doneAt: 'done_at' } as const;

describe('a transition: one description, read in memory and as a conditional UPDATE', () => {
  it('in memory: the conditions decide, the fields are set, ifUnset keeps a value already there', () => {
    const open: Row = { id: '1', status: 'open', due: AT, firstSeen: null, doneAt: null };
    expect(transitionAllowed(open, finish)).toBe(true);
    expect(transitionAllowed({ ...open, due: new Date(AT.getTime() - 1) }, finish)).toBe(false);
    expect(transitionAllowed({ ...open, status: 'done' }, finish)).toBe(false);
    expect(applyTransition(open, finish)).toEqual({ ...open, status: 'done', doneAt: AT, firstSeen: AT });
    const seen = new Date('2025-12-31T00:00:00Z');
    expect(applyTransition({ ...open, firstSeen: seen }, finish).firstSeen).toEqual(seen);
  });

  it('as SQL: the same conditions as the WHERE on the locked row, the same fields as the SET', () => {
    const { sql, params } = lockAndTrySql({
      table: 'rows',
      keyColumn: 'id',
      id: 'r-1',
      columns,
      attempt: finish,
      before: (p) => `UPDATE side SET x = 1 WHERE id = ${p.add('r-1')} RETURNING 1`,
    });
    expect(sql.replace(/\s+/g, ' ')).toBe(
      'WITH before_lock AS (UPDATE side SET x = 1 WHERE id = $1 RETURNING 1), ' +
        'cur AS (SELECT t.* FROM "rows" t WHERE t."id" = $2 AND (SELECT count(*) FROM before_lock) >= 0 FOR UPDATE OF t), ' +
        'tried AS (UPDATE "rows" u SET "status" = $5, "done_at" = $6, "first_seen" = COALESCE(u."first_seen", $7) ' +
        'FROM cur WHERE u."id" = cur."id" AND cur."status" = ANY($3) AND cur."due" >= $4 AND cur."done_at" IS NULL RETURNING 1) ' +
        'SELECT cur.*, EXISTS (SELECT 1 FROM tried) AS transitioned FROM cur',
    );
    expect(params).toEqual(['r-1', 'r-1', ['open'], AT, 'done', AT, AT]);
  });

  it('several rows in one statement: each row its own conditional UPDATE, the existing keys read back', () => {
    const cancel: Transition<Row> = { when: [{ field: 'status', oneOf: ['open'] }], set: { status: 'done' } };
    const statement = new CteStatement();
    const known: string[][] = [];
    const attempts = [
      { id: 'r-1', attempt: finish },
      { id: 'r-2', attempt: cancel },
    ];
    tryEachInto(statement, { table: 'rows', keyColumn: 'id', columns, attempts }, (keys) => known.push(keys));
    expect(statement.sql.replace(/\s+/g, ' ')).toBe(
      'WITH w0 AS (UPDATE "rows" u SET "status" = $3, "done_at" = $4, "first_seen" = COALESCE(u."first_seen", $5) ' +
        'WHERE u."id" = $6 AND u."status" = ANY($1) AND u."due" >= $2 AND u."done_at" IS NULL RETURNING 1), ' +
        'w1 AS (UPDATE "rows" u SET "status" = $8 WHERE u."id" = $9 AND u."status" = ANY($7) RETURNING 1), ' +
        'w2 AS (SELECT t."id" AS key FROM "rows" t WHERE t."id" = ANY($10)) ' +
        'SELECT 0 AS part, to_jsonb(w2.*) AS row FROM w2',
    );
    expect(statement.parameters).toEqual([
      ['open'],
      AT,
      'done',
      AT,
      AT,
      'r-1',
      ['open'],
      'done',
      'r-2',
      ['r-1', 'r-2'],
    ]);
    statement.deliver([{ part: 0, row: { key: 'r-2' } }]);
    expect(known).toEqual([['r-2']]);
    const twice = [
      { id: 'r-1', attempt: cancel },
      { id: 'r-1', attempt: finish },
    ];
    expect(() =>
      tryEachInto(
        new CteStatement(),
        { table: 'rows', keyColumn: 'id', columns, attempts: twice },
        () => undefined,
      ),
    ).toThrow('tried once');
  });

  it('a locked try as expressions of a statement: the earlier write, the read gated on it, the try, the row read back, a refusal unless it held', () => {
    const cancel: Transition<Row> = { when: [{ field: 'status', oneOf: ['open'] }], set: { status: 'done' } };
    const statement = new CteStatement();
    const read: Array<Record<string, unknown> | null> = [];
    const { transitioned } = lockAndTryInto(
      statement,
      {
        table: 'rows',
        keyColumn: 'id',
        id: 'r-1',
        columns,
        attempt: cancel,
        before: (p) => `UPDATE timers SET state = 'cancelled' WHERE subject = ${p.add('r-1')} RETURNING 1`,
      },
      (row) => read.push(row),
    );
    statement.refuseUnless(transitioned);
    expect(statement.sql.replace(/\s+/g, ' ')).toBe(
      "WITH w0 AS (UPDATE timers SET state = 'cancelled' WHERE subject = $1 RETURNING 1), " +
        'w1 AS (SELECT t.* FROM "rows" t WHERE t."id" = $2 AND (SELECT count(*) FROM w0) >= 0 FOR UPDATE OF t), ' +
        'w2 AS (UPDATE "rows" u SET "status" = $4 FROM w1 WHERE u."id" = w1."id" AND w1."status" = ANY($3) RETURNING 1), ' +
        'w3 AS (SELECT w1.* FROM w1), ' +
        'w4 AS (SELECT CASE WHEN g.ok THEN 0 ELSE ($5::text || g.ok::text)::int END AS refused ' +
        'FROM (SELECT (EXISTS (SELECT 1 FROM w2)) AS ok) AS g) ' +
        'SELECT 0 AS part, to_jsonb(w3.*) AS row FROM w3 UNION ALL SELECT 1 AS part, to_jsonb(w4.*) AS row FROM w4',
    );
    statement.deliver([
      { part: 0, row: { id: 'r-1', status: 'open' } },
      { part: 1, row: { refused: 0 } },
    ]);
    expect(read).toEqual([{ id: 'r-1', status: 'open' }]);
    // What PostgreSQL answers when the refusal's text is cast, and an error that is not one.
    const refusal = `invalid input syntax for type integer: "${String(statement.parameters[4])}false"`;
    expect(isRefusedStatement({ code: '22P02', message: refusal })).toBe(true);
    expect(isRefusedStatement({ code: '22P02', message: 'invalid input syntax for type integer: "x"' })).toBe(
      false,
    );
    expect(isRefusedStatement({ code: '23505', message: refusal })).toBe(false);
  });

  it('refuses a field without a column, and a name that is not a plain identifier', () => {
    const unmapped = { when: [], set: { id: 'x' } } as Transition<Row>;
    expect(() =>
      lockAndTrySql({ table: 'rows', keyColumn: 'id', id: '1', columns, attempt: unmapped }),
    ).toThrow('no column for field id');
    expect(() =>
      lockAndTrySql({ table: 'rows; DROP', keyColumn: 'id', id: '1', columns, attempt: null }),
    ).toThrow('not a plain SQL identifier');
  });

  it('as Kysely fragments: the same WHERE and SET, the values bound as parameters in their places', () => {
    const compiler = new Kysely<unknown>({
      dialect: {
        createAdapter: () => new PostgresAdapter(),
        createDriver: () => new DummyDriver(),
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => new PostgresQueryCompiler(),
      },
    });
    const { where, set } = transitionFragments(finish, columns, { guarded: 'r', target: 'r' });
    const compiled = sql`UPDATE rows AS r SET ${set} WHERE r.id = ${'r-1'} AND ${where}`.compile(compiler);
    expect(compiled.sql).toBe(
      'UPDATE rows AS r SET "status" = $1, "done_at" = $2, "first_seen" = COALESCE(r."first_seen", $3) ' +
        'WHERE r.id = $4 AND r."status" = ANY($5) AND r."due" >= $6 AND r."done_at" IS NULL',
    );
    expect(compiled.parameters).toEqual(['done', AT, AT, 'r-1', ['open'], AT]);
  });
});
