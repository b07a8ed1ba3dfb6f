import { randomBytes } from 'node:crypto';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { AuditLogHashChain1764800000000 } from '../src/audit-chain';
import { AuditLogChains1765100000000 } from '../src/audit-chains';
import { AuditLogTable1732400000002, AuditTrail } from '../src/audit-trail';
import { verifyAuditChain } from '../src/audit-verifier';
import { assertTestDatabase } from '../src/database-config';
import { createServiceDataSource, openServiceDatabase } from '../src/data-source';
import { developmentRuntimePassword, runtimeRoleName } from '../src/runtime-role';

class NotesTable1700000000000 implements MigrationInterface {
  name = 'NotesTable1700000000000';
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE notes (id serial PRIMARY KEY, note text NOT NULL)');
  }
  async down(): Promise<void> {}
}

const migrations = [
  NotesTable1700000000000,
  AuditLogTable1732400000002,
  AuditLogHashChain1764800000000,
  AuditLogChains1765100000000,
];
const entry = (n: number) => ({
  occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, n)),
  actor: { role: 'clerk', id: 'u1' },
  action: 'NoteWritten',
  entityType: 'note',
  entityId: String(n),
  details: { n, text: '调解 — "quoted", with a | bar' },
});

/** Issue #16: a service runs as a role that owns nothing, and its audit log is hash-chained. */
describe('runtime role and audit chain (real PostgreSQL)', () => {
  const url = process.env.DATABASE_URL!;
  const schema = `rt${randomBytes(4).toString('hex')}`;
  const neighbour = `rt${randomBytes(4).toString('hex')}`;
  let runtime: DataSource;
  let owner: DataSource;
  const open = (name: string) =>
    openServiceDatabase({
      database: {
        url,
        schema: name,
        applicationName: 'runtime-role-test',
        runtimePassword: developmentRuntimePassword(name),
      },
      entities: [],
      migrations,
    });

  beforeAll(async () => {
    assertTestDatabase(url);
    const other = await open(neighbour);
    await other.query(`INSERT INTO notes (note) VALUES ('the neighbour''s')`);
    await other.destroy();
    runtime = await open(schema);
    owner = createServiceDataSource({
      database: { url, schema, applicationName: 'owner' },
      entities: [],
      migrations: [],
    });
    await owner.initialize();
  });

  afterAll(async () => {
    await runtime?.destroy();
    await owner?.destroy();
  });

  it('connects as the schema runtime role, which owns nothing', async () => {
    const [{ user, owned }] = await runtime.query(
      `SELECT current_user AS user,
              (SELECT count(*)::int FROM pg_class WHERE relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)) AS owned`,
    );
    expect(user).toBe(runtimeRoleName(schema));
    expect(owned).toBe(0);
  });

  it('reads and writes its own tables, and appends to and reads the audit log', async () => {
    await runtime.query(`INSERT INTO notes (note) VALUES ('mine')`);
    await runtime.query(`UPDATE notes SET note = 'mine, edited' WHERE note = 'mine'`);
    await new AuditTrail().record(runtime.manager, entry(1));
    expect(await runtime.query('SELECT note FROM notes')).toEqual([{ note: 'mine, edited' }]);
    expect(await runtime.query('SELECT count(*)::int AS n FROM audit_log')).toEqual([{ n: 1 }]);
  });

  it.each([
    ['drop the append-only trigger', 'DROP TRIGGER audit_log_append_only ON audit_log', /must be owner/],
    ['disable the chain trigger', 'ALTER TABLE audit_log DISABLE TRIGGER audit_log_chain', /must be owner/],
    ['update an audit row', `UPDATE audit_log SET actor_id = 'someone-else'`, /permission denied/],
    ['delete an audit row', 'DELETE FROM audit_log', /permission denied/],
    ['truncate its own table', 'TRUNCATE notes', /permission denied/],
    ['drop its own table', 'DROP TABLE notes', /must be owner/],
    ['create a table in its schema', 'CREATE TABLE sneaky (id int)', /permission denied/],
    ['rewrite the migrations it ran', 'DELETE FROM migrations', /permission denied/],
  ])('cannot %s', async (_what, sql, refusal) => {
    await expect(runtime.query(sql)).rejects.toThrow(refusal);
  });

  it("cannot read or write another service's schema", async () => {
    await expect(runtime.query(`SELECT * FROM "${neighbour}".notes`)).rejects.toThrow(/permission denied/);
    await expect(runtime.query(`INSERT INTO "${neighbour}".notes (note) VALUES ('x')`)).rejects.toThrow(
      /permission denied/,
    );
  });

  it('chains rows written by overlapping transactions, in id order', async () => {
    const trail = new AuditTrail();
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        runtime.transaction(async (manager) => {
          await trail.record(manager, entry(100 + i));
          await trail.record(manager, entry(200 + i));
        }),
      ),
    );
    const report = await verifyAuditChain(runtime, schema);
    expect(report).toEqual({ schema, rowsChecked: 25 });
    // Each transaction's two rows share a chain; the twelve transactions did not all take one.
    const chains: Array<{ chain: number; entities: string[] }> = await runtime.query(
      `SELECT chain, array_agg(entity_id ORDER BY id) AS entities FROM audit_log GROUP BY chain`,
    );
    expect(chains.length).toBeGreaterThan(1);
    for (const i of Array.from({ length: 12 }, (_, n) => n)) {
      const holding = chains.filter((c) => c.entities.includes(String(100 + i)));
      expect(holding).toHaveLength(1);
      expect(holding[0]!.entities).toContain(String(200 + i));
    }
  });

  it('keeps the chain whole when a savepoint is rolled back with an audit row in it', async () => {
    const trail = new AuditTrail();
    const before = (await verifyAuditChain(runtime, schema)).rowsChecked;
    await runtime.transaction(async (manager) => {
      await trail.record(manager, entry(300));
      await manager.query('SAVEPOINT undone');
      await trail.record(manager, entry(301)); // its hash must not be the next row's predecessor
      await manager.query('ROLLBACK TO SAVEPOINT undone');
      await trail.record(manager, entry(302));
    });
    expect(await verifyAuditChain(runtime, schema)).toEqual({ schema, rowsChecked: before + 2 });
  });

  it('detects an altered row and a removed row, naming the first broken one', async () => {
    const rows: Array<{ id: string; chain: number }> = await runtime.query(
      'SELECT id::text AS id, chain FROM audit_log ORDER BY audit_log.id',
    );
    // A removal shows at the next row of the removed one's chain.
    const removedAt = rows.findIndex((r, i) => i >= 7 && rows.slice(i + 1).some((n) => n.chain === r.chain));
    const removed = rows[removedAt]!;
    const afterRemoved = rows.slice(removedAt + 1).find((n) => n.chain === removed.chain)!.id;
    const altered = rows[3]!.id;
    // Only the owner can get past the triggers, and only by switching them off.
    await owner.query('ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only');
    try {
      await owner.query(`DELETE FROM audit_log WHERE id = $1`, [removed.id]);
      expect((await verifyAuditChain(runtime, schema)).broken).toMatchObject({
        id: afterRemoved,
        code: 'AUDIT_ROW_MISSING_BEFORE',
      });
      await owner.query(`UPDATE audit_log SET details = '{"n": 1}' WHERE id = $1`, [altered]);
      const report = await verifyAuditChain(runtime, schema);
      expect(report.broken).toMatchObject({ id: altered, code: 'AUDIT_ROW_ALTERED' });
      expect(report.rowsChecked).toBe(3);
    } finally {
      await owner.query('ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only');
    }
  });
});
