import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  AuditLogChains1765100000000,
  AuditLogHashChain1764800000000,
  AuditTrail,
  assertTestDatabase,
  developmentRuntimePassword,
  openServiceDatabase,
} from '@chuishao/persistence';
import { messagingMigrations } from '@chuishao/messaging';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

const CLI = join(__dirname, '..', 'dist', 'src', 'audit-verify-cli.js');

/** `npm run audit:verify -- <service>`: the built command, on a real audit log (issue #16). */
describe('audit:verify (real PostgreSQL)', () => {
  const url = process.env.DATABASE_URL!;
  const schema = `audit${randomBytes(4).toString('hex')}`;
  let runtime: DataSource;

  const verify = () =>
    promisify(execFile)(process.execPath, [CLI, 'intake'], {
      env: { ...process.env, DATABASE_URL: url, DB_SCHEMA: schema },
    }).then(
      ({ stdout }) => ({ code: 0, out: stdout }),
      (error: { code: number; stderr: string }) => ({ code: error.code, out: error.stderr }),
    );

  beforeAll(async () => {
    assertTestDatabase(url);
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm run build first`);
    runtime = await openServiceDatabase({
      database: {
        url,
        schema,
        applicationName: 'audit-verify-test',
        runtimePassword: developmentRuntimePassword(schema),
      },
      entities: [],
      migrations: [...messagingMigrations, AuditLogHashChain1764800000000, AuditLogChains1765100000000],
    });
    for (const entityId of ['a', 'b', 'c'])
      await new AuditTrail().record(runtime.manager, {
        occurredAt: new Date(),
        actor: { role: 'clerk', id: 'u1' },
        action: 'CaseRegistered',
        entityType: 'case',
        entityId,
      });
  });

  afterAll(() => runtime?.destroy());

  it('exits 0 on an intact chain and 1 naming the first row altered behind its back', async () => {
    expect(await verify()).toEqual({ code: 0, out: `audit chain of ${schema} holds: 3 rows\n` });
    const [, second] = await runtime.query('SELECT id::text AS id FROM audit_log ORDER BY audit_log.id');
    const owner = `ALTER TABLE "${schema}".audit_log`;
    // The runtime role cannot do what follows; the owner can, by switching the trigger off.
    const admin = new Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`${owner} DISABLE TRIGGER audit_log_append_only`);
      await admin.query(`UPDATE "${schema}".audit_log SET entity_id = 'z' WHERE id = $1`, [second.id]);
      await admin.query(`${owner} ENABLE TRIGGER audit_log_append_only`);
    } finally {
      await admin.end();
    }
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`BROKEN at row ${second.id} (AUDIT_ROW_ALTERED)`);
  });
});
