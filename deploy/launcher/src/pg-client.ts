/**
 * The slice of node-postgres the launcher uses. The repo has no @types/pg (and the launcher may not
 * add root dependencies casually), so the module is loaded with require() and given this narrow type.
 */
export interface PgClient {
  connect(): Promise<void>;
  query(text: string, values?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

interface PgModule {
  Client: new (config: {
    connectionString: string;
    connectionTimeoutMillis?: number;
    query_timeout?: number;
  }) => PgClient;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports -- see the comment above PgClient
const pg = require('pg') as PgModule;

import { withTimeout } from './proc';

/** Opens a client, runs `fn`, always closes it; the whole thing gives up after `timeoutMs`. */
export async function withPgClient<T>(
  connectionString: string,
  timeoutMs: number,
  fn: (client: PgClient) => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // A server that goes away mid-session emits 'error'; without a listener that would crash the launcher.
  client.on('error', () => undefined);
  try {
    return await withTimeout(
      (async () => {
        await client.connect();
        return fn(client);
      })(),
      timeoutMs,
      'PostgreSQL connection',
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL with its password replaced, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
  }
}
