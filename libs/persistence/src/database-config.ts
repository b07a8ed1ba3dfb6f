export interface DatabaseConfig {
  /** postgres://user:password@host:port/database */
  url: string;
  /** The service's own schema: no service reads another's tables (SPEC "Services"). */
  schema: string;
  /** Shown in pg_stat_activity, so an operator can tell the services' connections apart. */
  applicationName: string;
  poolSize?: number;
  /**
   * The password of the schema's runtime role (runtime-role.ts). `url` is then the owner's, used
   * only to migrate and grant; the service's connections log in as the runtime role.
   */
  runtimePassword?: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(`invalid schema name "${schema}": lower-case letters, digits and _ only`);
  }
  return schema;
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

/**
 * Tests create and drop schemas and truncate tables. They refuse to touch a database whose name
 * does not say it is for tests, so a mistyped DATABASE_URL can never wipe real data.
 */
export function assertTestDatabase(url: string): void {
  const name = databaseNameOf(url);
  if (!/(^|_)test($|_)/.test(name)) {
    throw new Error(
      `refusing to run tests against database "${name}": its name must contain "test" as a word (e.g. chuishao_test)`,
    );
  }
}
