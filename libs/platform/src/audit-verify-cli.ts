#!/usr/bin/env node
import { createServiceDataSource, verifyAuditChain } from '@chuishao/persistence';
import { EMBEDDED_DATABASE_URL } from './service-config';

const USAGE = `usage: npm run audit:verify -- <service>
  Recomputes the hash chain of the service's audit_log (schema DB_SCHEMA, else the service's
  name with - as _) and exits 1 naming the first row that was altered or follows a removed one.
  Database: DATABASE_MIGRATION_URL, else DATABASE_URL, else the embedded PostgreSQL of npm start.`;

async function main(): Promise<number> {
  const [service] = process.argv.slice(2);
  if (!service || service.startsWith('-')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const schema = process.env.DB_SCHEMA ?? service.replace(/-/g, '_');
  const url = process.env.DATABASE_MIGRATION_URL || process.env.DATABASE_URL || EMBEDDED_DATABASE_URL;
  const db = createServiceDataSource({
    database: { url, schema, applicationName: 'chuishao-audit-verify', poolSize: 1 },
    entities: [],
    migrations: [],
  });
  await db.initialize();
  try {
    const report = await verifyAuditChain(db, schema);
    if (report.broken) {
      process.stderr.write(
        `audit chain of ${schema} BROKEN at row ${report.broken.id} (${report.broken.code}): ${report.broken.reason}; ${report.rowsChecked} rows before it hold\n`,
      );
      return 1;
    }
    process.stdout.write(`audit chain of ${schema} holds: ${report.rowsChecked} rows\n`);
    return 0;
  } finally {
    await db.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:verify failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
