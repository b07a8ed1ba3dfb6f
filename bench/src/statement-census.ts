import { Client } from 'pg';

/**
 * Statements and explicit transactions each database role sent, summed over its statements, and
 * of those transactions the ones it ended with ROLLBACK.
 */
export type RoleCounts = Record<string, { statements: number; transactions: number; rollbacks?: number }>;

/** What one pipeline run cost the database, by service. */
export interface CensusWindow {
  /** Every statement a service sent (BEGIN and COMMIT included), by service. */
  statements: Record<string, number>;
  /** Its COMMITs and ROLLBACKs: transactions opened with BEGIN. */
  explicitTransactions: Record<string, number>;
  /**
   * Transactions of the services (pg_stat_database's count for the database, single statements
   * outside BEGIN included, less the statements of the roles that are no service's: the bench's
   * own samplers, each statement a transaction of its own).
   */
  databaseTransactions: number;
  /**
   * Statements that failed on their own, outside BEGIN: pg_stat_statements counts only those
   * that complete, so a statement that refuses itself (work tried as one statement, found to
   * need a transaction: CteStatement.refuseUnless) or fails on the inbox's key is seen only as a
   * rolled-back transaction. pg_stat_database's rollbacks less the services' ROLLBACK statements.
   */
  failedStatements: number;
}

/**
 * The statement census, automated: pg_stat_statements (loaded by the launcher's PostgreSQL)
 * counts every statement by the role that sent it, and each service logs in as its schema's
 * runtime role (`<schema>_runtime`), so a delta over a run is that service's cost in statements.
 * Where the extension is not loaded (a PostgreSQL of your own through DATABASE_URL), the census
 * says so once and reports nothing, rather than a wrong zero.
 */
export class StatementCensus {
  private constructor(
    private readonly databaseUrl: string,
    private readonly roleOf: ReadonlyMap<string, string>,
  ) {}

  /** `services` maps each service to its schema. Null when pg_stat_statements is not loaded. */
  static async open(
    databaseUrl: string,
    services: ReadonlyMap<string, string>,
    log: (line: string) => void,
  ): Promise<StatementCensus | null> {
    const db = new Client({ connectionString: databaseUrl });
    await db.connect();
    try {
      await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await db.query('SELECT count(*) FROM pg_stat_statements');
    } catch (error) {
      log(`statement census off: pg_stat_statements is not loaded (${(error as Error).message})`);
      return null;
    } finally {
      await db.end();
    }
    const roleOf = new Map([...services].map(([service, schema]) => [`${schema}_runtime`, service]));
    return new StatementCensus(databaseUrl, roleOf);
  }

  /** Counts so far; a window is the difference of two. */
  async snapshot(): Promise<CensusSnapshot> {
    const db = new Client({ connectionString: this.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{
        role: string;
        statements: string;
        transactions: string;
        rollbacks: string;
      }>(
        `SELECT r.rolname AS role, sum(s.calls) AS statements,
                sum(s.calls) FILTER (WHERE s.query ~* '^\\s*(commit|rollback|end)\\y') AS transactions,
                sum(s.calls) FILTER (WHERE s.query ~* '^\\s*rollback\\y') AS rollbacks
           FROM pg_stat_statements s JOIN pg_roles r ON r.oid = s.userid
          WHERE s.dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          GROUP BY r.rolname`,
      );
      const totals = await db.query<{ n: string; rolledBack: string }>(
        `SELECT xact_commit + xact_rollback AS n, xact_rollback AS "rolledBack"
           FROM pg_stat_database WHERE datname = current_database()`,
      );
      const roles: RoleCounts = {};
      for (const row of rows) {
        roles[row.role] = {
          statements: Number(row.statements),
          transactions: Number(row.transactions ?? 0),
          rollbacks: Number(row.rollbacks ?? 0),
        };
      }
      return {
        roles,
        databaseTransactions: Number(totals.rows[0]?.n ?? 0),
        databaseRollbacks: Number(totals.rows[0]?.rolledBack ?? 0),
      };
    } finally {
      await db.end();
    }
  }

  /** The window between two snapshots, by service (roles that are no service's are left out). */
  window(before: CensusSnapshot, after: CensusSnapshot): CensusWindow {
    return censusWindow(this.roleOf, before, after);
  }
}

export interface CensusSnapshot {
  roles: RoleCounts;
  databaseTransactions: number;
  databaseRollbacks?: number;
}

/** The difference of two snapshots, by service; `roleOf` names the service of each runtime role. */
export function censusWindow(
  roleOf: ReadonlyMap<string, string>,
  before: CensusSnapshot,
  after: CensusSnapshot,
): CensusWindow {
  const statements: Record<string, number> = {};
  const explicitTransactions: Record<string, number> = {};
  let rollbackStatements = 0;
  for (const [role, service] of roleOf) {
    const a = after.roles[role] ?? { statements: 0, transactions: 0 };
    const b = before.roles[role] ?? { statements: 0, transactions: 0 };
    statements[service] = a.statements - b.statements;
    explicitTransactions[service] = a.transactions - b.transactions;
    rollbackStatements += (a.rollbacks ?? 0) - (b.rollbacks ?? 0);
  }
  const rolledBack = (after.databaseRollbacks ?? 0) - (before.databaseRollbacks ?? 0);
  let others = 0;
  for (const [role, a] of Object.entries(after.roles)) {
    if (!roleOf.has(role)) others += a.statements - (before.roles[role]?.statements ?? 0);
  }
  return {
    statements,
    explicitTransactions,
    databaseTransactions: after.databaseTransactions - before.databaseTransactions - others,
    failedStatements: Math.max(0, rolledBack - rollbackStatements),
  };
}

/** Per whistle, summed over the runs' windows: by service, and in all. */
export function censusPerWhistle(windows: CensusWindow[], whistles: number) {
  const per = (pick: (w: CensusWindow) => Record<string, number>) => {
    const sums: Record<string, number> = {};
    for (const w of windows) for (const [k, v] of Object.entries(pick(w))) sums[k] = (sums[k] ?? 0) + v;
    return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, round1(v / Math.max(1, whistles))]));
  };
  const statements = per((w) => w.statements);
  const explicitTransactions = per((w) => w.explicitTransactions);
  const total = (o: Record<string, number>) => round1(Object.values(o).reduce((a, b) => a + b, 0));
  const databaseTransactions = windows.reduce((sum, w) => sum + w.databaseTransactions, 0);
  const failedStatements = windows.reduce((sum, w) => sum + (w.failedStatements ?? 0), 0);
  const failedStatementsPerWhistle = round1(failedStatements / Math.max(1, whistles));
  return {
    // The failed ones are round trips too: in the total, and on their own (no service's, above).
    statementsPerWhistle: round1(total(statements) + failedStatementsPerWhistle),
    failedStatementsPerWhistle,
    transactionsPerWhistle: round1(databaseTransactions / Math.max(1, whistles)),
    byService: Object.fromEntries(
      Object.keys(statements).map((s) => [
        s,
        { statements: statements[s], explicitTransactions: explicitTransactions[s] ?? 0 },
      ]),
    ),
  };
}

const round1 = (n: number) => Math.round(n * 10) / 10;
