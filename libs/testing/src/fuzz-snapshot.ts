/**
 * What a fuzz run's `snapshot` reads: every table of the service's schema, each as a row count and
 * a digest of its rows, so a refused request that wrote anywhere shows up.
 *
 * Left out or read in part, because they move for reasons other than the request under test:
 * - `rate_limits`: every request spends its caller's budget, refused or not, by design;
 * - the outbox's relay marks (`published_at`, `attempts`, `last_error`, `set_aside_at`): the relay
 *   publishes an accepted request's events in the background, so the outbox is read by its events.
 */
export const FUZZ_UNTRACKED_TABLES: readonly string[] = ['rate_limits'];

/** A row as the digest sees it: the whole row, except where a table says otherwise. */
const ROW_TEXT: Readonly<Record<string, string>> = {
  outbox: 't.event_id::text || t.topic || t.event_type || t.envelope::text',
};

type Query = (sql: string, parameters?: unknown[]) => Promise<unknown>;

/** The base tables of the connection's current schema (the service's own), but the untracked. */
export async function schemaTables(query: Query): Promise<string[]> {
  const rows = (await query(
    `SELECT table_name FROM information_schema.tables
      WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name`,
  )) as Array<{ table_name: string }>;
  return rows.map((r) => r.table_name).filter((name) => !FUZZ_UNTRACKED_TABLES.includes(name));
}

/**
 * Reads `tables` (by default every tracked table of the schema, listed once) as
 * `{ table: "<count>:<md5 of the rows>" }`; `rowText` reads a table's rows in part (SQL over `t`),
 * for a table a background worker of the service marks as it goes.
 */
export function schemaFingerprint(
  query: Query,
  options: { tables?: readonly string[]; rowText?: Readonly<Record<string, string>> } = {},
): () => Promise<Record<string, string>> {
  let tables: Promise<readonly string[]> | null = options.tables ? Promise.resolve(options.tables) : null;
  const rowText = { ...ROW_TEXT, ...options.rowText };
  return async () => {
    tables ??= schemaTables(query);
    const names = await tables;
    const parts = names.map(
      (table) =>
        `SELECT '${table}' AS name, count(*)::int || ':' ||
                md5(coalesce(string_agg(${rowText[table] ?? 't::text'}, ',' ORDER BY ${rowText[table] ?? 't::text'}), '')) AS print
           FROM "${table}" t`,
    );
    const rows = (await query(parts.join(' UNION ALL '))) as Array<{ name: string; print: string }>;
    return Object.fromEntries(rows.map((r) => [r.name, r.print]));
  };
}
