import { assertTestDatabase, databaseNameOf, withDatabase } from '@chuishao/persistence';
import { Client } from 'pg';

export const TEST_DATABASE = 'chuishao_test';

/**
 * The database tests run in. A server given by DATABASE_URL is used as is only when its database
 * is a test database; a server the tests started gets a fresh `chuishao_test`.
 */
export async function prepareTestDatabase(serverUrl: string, owned: boolean): Promise<string> {
  if (!owned) {
    assertTestDatabase(serverUrl);
    return serverUrl;
  }
  const url = withDatabase(serverUrl, TEST_DATABASE);
  assertTestDatabase(url);
  const admin = new Client({ connectionString: withDatabase(serverUrl, 'postgres') });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${TEST_DATABASE} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${TEST_DATABASE}`);
  } finally {
    await admin.end();
  }
  return url;
}

export { databaseNameOf };
