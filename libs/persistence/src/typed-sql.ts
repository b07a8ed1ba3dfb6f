import {
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
} from 'kysely';
import type { EntityManager } from 'typeorm';
import type { TransactionHost } from './transaction-host';

/**
 * Runs a statement on the manager's own connection: inside a transaction its query runner,
 * outside any a runner borrowed from the pool for the one statement. The structured result
 * gives the rows of every kind of statement alike (a bare `manager.query` answers an UPDATE's
 * rows as a `[rows, count]` pair).
 */
export async function runOn<R>(manager: EntityManager, sql: string, parameters: readonly unknown[]) {
  const runner = manager.queryRunner ?? manager.connection.createQueryRunner();
  try {
    const result = await runner.query(sql, [...parameters], true);
    return { rows: (result.records ?? []) as R[], affected: result.affected ?? undefined };
  } finally {
    if (!manager.queryRunner) await runner.release();
  }
}

/** Kysely's connection: the ambient transaction's (TransactionHost), so a typed query commits with it. */
class AmbientConnection implements DatabaseConnection {
  constructor(private readonly transactions: TransactionHost) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, affected } = await runOn<R>(this.transactions.manager, compiled.sql, compiled.parameters);
    return { rows, numAffectedRows: affected === undefined ? undefined : BigInt(affected) };
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on the ambient connection');
  }
}

/** Transactions belong to TransactionHost: Kysely only runs statements inside (or outside) one. */
class AmbientDriver implements Driver {
  constructor(private readonly transactions: TransactionHost) {}
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new AmbientConnection(this.transactions);
  }
  async beginTransaction(): Promise<void> {
    throw new Error('open transactions with TransactionHost.run, not Kysely');
  }
  async commitTransaction(): Promise<void> {
    throw new Error('open transactions with TransactionHost.run, not Kysely');
  }
  async rollbackTransaction(): Promise<void> {
    throw new Error('open transactions with TransactionHost.run, not Kysely');
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/**
 * A type-safe query builder (Kysely) over the service's schema `DB` whose statements run in the
 * ambient transaction of `transactions`, the one TypeORM, the outbox and the inbox use: typed
 * rows without casts, and no second pool or transaction beside TypeORM's.
 */
export function typedSql<DB>(transactions: TransactionHost): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new AmbientDriver(transactions),
      createIntrospector: (db) => new PostgresIntrospector(db),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
}
