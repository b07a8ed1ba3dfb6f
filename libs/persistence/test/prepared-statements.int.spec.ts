import { randomBytes } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { assertTestDatabase } from '../src/database-config';
import { createServiceDataSource, initializeServiceDatabase } from '../src/data-source';

const UPSERT_OPEN_CLAIM = `INSERT INTO claims (subject, state) VALUES ($1, $2)
  ON CONFLICT (subject) WHERE state = $3 DO UPDATE SET hits = claims.hits + 1 RETURNING hits`;

/** Statements prepared once per connection, on real PostgreSQL: what is prepared, and what it still means. */
describe('prepared statements (real PostgreSQL)', () => {
  let dataSource: DataSource;
  let runner: QueryRunner;

  const prepared = async () =>
    (await runner.query('SELECT statement FROM pg_prepared_statements ORDER BY statement')).map(
      (r: { statement: string }) => r.statement,
    );

  beforeAll(async () => {
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    dataSource = createServiceDataSource({
      database: { url, schema: `prep${randomBytes(4).toString('hex')}`, applicationName: 'prepared-test' },
      entities: [],
      migrations: [],
      preparedStatements: true,
    });
    await initializeServiceDatabase(dataSource);
    await dataSource.query(`CREATE TABLE claims (subject text NOT NULL, state text NOT NULL, hits int NOT NULL DEFAULT 1);
      CREATE UNIQUE INDEX claims_open ON claims (subject) WHERE state = 'open'`);
  });

  beforeEach(async () => {
    await dataSource.query('TRUNCATE claims');
    runner = dataSource.createQueryRunner();
    await runner.connect();
  });

  afterEach(async () => {
    await runner.release();
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  it('prepares a parameterised statement once per connection, and no statement without parameters', async () => {
    for (let i = 0; i < 3; i++) await runner.query('SELECT $1::int + 1 AS n', [i]);
    await runner.query('SELECT count(*) FROM claims');
    const statements = await prepared();
    expect(statements.filter((s: string) => s === 'SELECT $1::int + 1 AS n')).toHaveLength(1);
    expect(statements).not.toContain('SELECT count(*) FROM claims');
    expect(await runner.query('SELECT $1::int + 1 AS n', [41])).toEqual([{ n: 42 }]);
  });

  it('still plans each call for its values: an ON CONFLICT on a partial index holds past the sixth call', async () => {
    const hits: number[] = [];
    for (let i = 0; i < 8; i++) {
      const [row] = await runner.query(UPSERT_OPEN_CLAIM, ['case-1', 'open', 'open']);
      hits.push(row.hits);
    }
    expect(hits).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('would not under PostgreSQL default plan cache: the generic plan finds no index (why force_custom_plan)', async () => {
    await runner.query('SET plan_cache_mode = auto');
    try {
      const calls = async () => {
        for (let i = 0; i < 8; i++) await runner.query(UPSERT_OPEN_CLAIM, ['case-2', 'open', 'open']);
      };
      await expect(calls()).rejects.toThrow('no unique or exclusion constraint matching the ON CONFLICT');
    } finally {
      await runner.query('RESET plan_cache_mode');
    }
  });
});
