import { DataSource, type DataSourceOptions } from 'typeorm';
import { assertSchemaName, type DatabaseConfig } from './database-config';
import { PreparingClient } from './preparing-client';
import { grantRuntimeRole, runtimeDatabaseUrl, runtimeRoleName } from './runtime-role';

export interface ServiceDataSourceOptions {
  database: DatabaseConfig;
  entities: NonNullable<DataSourceOptions['entities']>;
  migrations: NonNullable<DataSourceOptions['migrations']>;
  /**
   * Prepare each parameterised statement once per connection (`PreparingClient`); on unless
   * turned off. The migrating connections turn it off: a migration may change a table that a
   * statement it prepared earlier reads.
   */
  preparedStatements?: boolean;
}

/**
 * A service's DataSource, confined to its schema: search_path is set per connection, so raw SQL
 * and migrations name tables without a schema and the same migrations serve any schema (tests
 * give each run its own). Never `synchronize`: the schema changes only through migrations.
 */
export function createServiceDataSource(options: ServiceDataSourceOptions): DataSource {
  const schema = assertSchemaName(options.database.schema);
  return new DataSource({
    type: 'postgres',
    url: options.database.url,
    schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    logging: false,
    applicationName: options.database.applicationName,
    extra: {
      max: options.database.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
      ...connectionSettings(schema, options.preparedStatements ?? true),
    },
  });
}

/**
 * Each connection's search_path, and the pool settings that prepare statements. A prepared
 * statement is still planned for each call's values (`force_custom_plan`), as an unnamed one
 * is: what a call saves is the parsing and analysis. A generic plan, PostgreSQL's default from
 * a statement's sixth call, would also save the planning but changes what some statements
 * mean: an ON CONFLICT whose WHERE names a parameter no longer finds its partial unique index.
 */
function connectionSettings(schema: string, prepared: boolean) {
  const searchPath = `-c search_path=${schema}`;
  if (!prepared) return { options: searchPath };
  return { options: `${searchPath} -c plan_cache_mode=force_custom_plan`, Client: PreparingClient };
}

/**
 * Connects, creates the schema and applies pending migrations. Replicas booting together take
 * an advisory lock first, so only one of them migrates and the others find the work done. With
 * `runtime`, the schema's runtime role is (re)created and granted under the same lock.
 */
export async function initializeServiceDatabase(
  dataSource: DataSource,
  runtime?: { password: string },
): Promise<void> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  const schema = (dataSource.options as { schema: string }).schema;
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${schema}`]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await dataSource.runMigrations({ transaction: 'each' });
    if (runtime) await grantRuntimeRole(runner, schema, runtime.password);
  } finally {
    await runner
      .query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${schema}`])
      .catch(() => undefined);
    await runner.release();
  }
}

/**
 * A service's database as it runs: migrated and granted by the owner (`database.url`), whose
 * connection is then closed, and used through the schema's runtime role, which owns nothing.
 */
export async function openServiceDatabase(options: ServiceDataSourceOptions): Promise<DataSource> {
  const { database } = options;
  const password = database.runtimePassword;
  if (!password) throw new Error(`no password for the runtime role of schema ${database.schema}`);
  const role = runtimeRoleName(database.schema);
  // Two connections: one holds the migration lock while the migrations run on the other.
  const owner = createServiceDataSource({
    ...options,
    database: { ...database, poolSize: 2 },
    preparedStatements: false,
  });
  try {
    await initializeServiceDatabase(owner, { password });
  } finally {
    if (owner.isInitialized) await owner.destroy();
  }
  const runtime = createServiceDataSource({
    ...options,
    database: { ...database, url: runtimeDatabaseUrl(database.url, role, password) },
  });
  await runtime.initialize();
  return runtime;
}
