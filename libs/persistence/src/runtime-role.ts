import { createHash } from 'node:crypto';
import { assertSchemaName } from './database-config';
import type { Queryable } from './audit-verifier';

/**
 * A service runs as a role that owns nothing. The owner (DATABASE_MIGRATION_URL, else
 * DATABASE_URL) creates the schema, runs the migrations and then (re)creates the runtime role
 * `<schema>_runtime` with exactly: USAGE on its own schema, SELECT/INSERT/UPDATE/DELETE on its
 * tables, SELECT and INSERT on audit_log, SELECT on the migrations table, its sequences. It cannot
 * drop or alter a table or trigger, rewrite the audit log, or read another service's schema.
 */
export function runtimeRoleName(schemaName: string): string {
  const role = `${assertSchemaName(schemaName)}_runtime`;
  // PostgreSQL truncates longer names silently, and the login would then name another role.
  if (role.length > 63) throw new Error(`schema name "${schemaName}" is too long for a runtime role name`);
  return role;
}

/**
 * The development password of a schema's runtime role: derived, so `npm start` and the tests
 * need no configuration. Anyone can derive it, which is why only CHUISHAO_DEV=1 may use it.
 */
export function developmentRuntimePassword(schemaName: string): string {
  return createHash('sha256')
    .update(`chuishao development runtime role ${schemaName} — not for production`)
    .digest('base64url');
}

/** The owner's URL with the runtime role's name and password in place of the owner's. */
export function runtimeDatabaseUrl(ownerUrl: string, role: string, password: string): string {
  const url = new URL(ownerUrl);
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  return url.toString();
}

/**
 * Run by the owner after the migrations, under the migration lock: creates the role when missing,
 * sets its password, and grants it the privileges above on every table the migrations made. The
 * grants are re-applied on every start, so a table added by a later migration is covered.
 */
export async function grantRuntimeRole(db: Queryable, schemaName: string, password: string): Promise<string> {
  const schema = assertSchemaName(schemaName);
  const role = runtimeRoleName(schema);
  await db.query(`
    DO $$ BEGIN
      IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${role}') THEN
        CREATE ROLE "${role}" LOGIN NOINHERIT;
      END IF;
    END $$`);
  // DDL takes no parameters: format() quotes the password as a literal.
  const [{ statement }] = (await db.query(
    `SELECT format('ALTER ROLE %I LOGIN NOINHERIT PASSWORD %L', $1::text, $2::text) AS statement`,
    [role, password],
  )) as Array<{ statement: string }>;
  await db.query(statement);
  // A role of that name made by someone else with more power is refused, not used.
  const [powers] = (await db.query(
    `SELECT rolsuper OR rolcreaterole OR rolcreatedb OR rolbypassrls OR rolreplication AS privileged
       FROM pg_roles WHERE rolname = $1`,
    [role],
  )) as Array<{ privileged: boolean }>;
  if (powers.privileged) throw new Error(`refusing to run as ${role}: it holds role attributes beyond LOGIN`);
  await db.query(`GRANT USAGE ON SCHEMA "${schema}" TO "${role}"`);
  await db.query(`REVOKE CREATE ON SCHEMA "${schema}" FROM "${role}"`);
  await db.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${schema}" TO "${role}"`);
  await db.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "${schema}" TO "${role}"`);
  const tables = (await db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name IN ('audit_log', 'migrations')`,
    [schema],
  )) as Array<{ table_name: string }>;
  for (const { table_name: table } of tables) {
    const kept = table === 'audit_log' ? 'UPDATE, DELETE' : 'INSERT, UPDATE, DELETE';
    await db.query(`REVOKE ${kept}, TRUNCATE ON "${schema}"."${table}" FROM "${role}"`);
  }
  return role;
}
