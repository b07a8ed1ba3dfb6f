import { Body, Controller, Get, Module, Post, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEVELOPMENT_SECRET, issueDevelopmentToken } from '@chuishao/auth';
import { assertTestDatabase } from '@chuishao/persistence';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Public, Roles } from '../src/auth/decorators';
import { createServiceApp } from '../src/bootstrap';
import { PlatformModule } from '../src/platform.module';
import { loadServiceConfig } from '../src/service-config';

@Controller('things')
class ThingsController {
  @Get()
  @Roles('operator')
  list() {
    return { items: [] };
  }

  @Post()
  @Roles('operator')
  create(@Body() body: unknown) {
    return { body };
  }

  @Get('open')
  @Public()
  open() {
    return { open: true };
  }
}

/** One instance of a service; both instances of a test share its schema, as replicas do. */
function thingsModule(schema: string, limits: Record<string, string>): DynamicModule {
  const url = process.env.DATABASE_URL!;
  assertTestDatabase(url);
  const config = loadServiceConfig('limits-test', 0, {
    ...process.env,
    DB_SCHEMA: schema,
    KAFKA_TOPIC_PREFIX: `${schema}.`,
    LOG_LEVEL: 'error',
    ...limits,
  });
  @Module({})
  class ThingsModule {}
  return {
    module: ThingsModule,
    imports: [PlatformModule.forRoot({ config, entities: [], migrations: [] })],
    controllers: [ThingsController],
  };
}

const LIMITS = {
  RATE_LIMIT_PER_MINUTE: '4',
  RATE_LIMIT_READS_PER_MINUTE: '6',
  RATE_LIMIT_FAILED_SIGN_INS_PER_MINUTE: '4',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '6',
};

const bearer = (subject: string, secret = DEVELOPMENT_SECRET) => ({
  authorization: `Bearer ${issueDevelopmentToken({ role: 'operator', subject, centerId: 'ganzhou-district', secret })}`,
});

/** Two instances of one service sharing a schema, as replicas do, started for the enclosing describe. */
function twoInstances(limits: Record<string, string>) {
  const schema = `limits${randomBytes(4).toString('hex')}`;
  const apps: NestExpressApplication[] = [];
  const urls: string[] = [];
  /** Alternates between the two instances, as a load balancer would. */
  const call = async (i: number, method: string, path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${urls[i % 2]}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: method === 'POST' ? '{"name":"x"}' : undefined,
    });
    const body = (await response.json()) as { code?: string };
    return { status: response.status, code: body.code, retryAfter: response.headers.get('retry-after') };
  };
  const statuses = async (count: number, method: string, path: string, headers?: Record<string, string>) => {
    const answers = [];
    for (let i = 0; i < count; i += 1) answers.push(await call(i, method, path, headers));
    return answers;
  };

  beforeAll(async () => {
    for (let i = 0; i < 2; i += 1) {
      const app = await createServiceApp(thingsModule(schema, limits), { title: 't', description: 't' });
      await app.listen(0, '127.0.0.1');
      apps.push(app);
      urls.push(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
    }
  });
  afterAll(async () => {
    for (const app of apps) await app.close();
  });
  return { apps, call, statuses };
}

describe('rate limits shared by every instance of a service (real PostgreSQL)', () => {
  const { apps, call, statuses } = twoInstances(LIMITS);

  it('counts a caller’s changes across both instances: 4 allowed in all, then 429 with Retry-After', async () => {
    const answers = await statuses(6, 'POST', '/things', bearer('op-changes'));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 429, 429]);
    expect(answers[4]).toMatchObject({ code: 'RATE_LIMITED' });
    expect(Number(answers[4]!.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(answers[4]!.retryAfter)).toBeLessThanOrEqual(60);
    // Another caller has a budget of its own.
    expect((await call(0, 'POST', '/things', bearer('op-other'))).status).toBe(201);
  });

  it('limits reads per caller too, on a budget apart from changes', async () => {
    const answers = await statuses(8, 'GET', '/things', bearer('op-reads'));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    expect((await call(0, 'POST', '/things', bearer('op-reads'))).status).toBe(201);
  });

  it('limits refused tokens per address: 401 until the budget is spent, then 429; a valid token still passes', async () => {
    const forged = bearer('op-forger', 'a-secret-nobody-trusts-of-32-characters!');
    const answers = await statuses(6, 'GET', '/things', forged);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401, 429, 429]);
    expect(answers[5]).toMatchObject({ code: 'RATE_LIMITED' });
    expect((await call(1, 'GET', '/things', { authorization: 'Bearer not.a.jwt' })).status).toBe(429);
    expect((await call(0, 'GET', '/things', bearer('op-honest'))).status).toBe(200);
  });

  it('limits public routes per address; health stays open to probes', async () => {
    const answers = await statuses(8, 'GET', '/things/open');
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
    const probes = await statuses(20, 'GET', '/health/live');
    expect(probes.every((a) => a.status === 200)).toBe(true);
  });

  it('keeps the counts in one table of the service’s schema', async () => {
    const rows = await apps[0]!.get(DataSource).query<Array<{ key: string }>>('SELECT key FROM rate_limits');
    expect(rows.map((r) => r.key)).toEqual(
      expect.arrayContaining(['changes:operator:op-changes', 'reads:operator:op-reads']),
    );
  });
});

describe('a larger budget, leased ahead by each instance (real PostgreSQL)', () => {
  const { apps, statuses } = twoInstances({ ...LIMITS, RATE_LIMIT_PER_MINUTE: '40' });
  const counted = async (key: string) => {
    const rows = await apps[0]!
      .get(DataSource)
      .query<Array<{ points: number }>>('SELECT points FROM rate_limits WHERE key = $1', [key]);
    return rows[0]?.points;
  };

  it('counts points ahead of the requests while over half is left, and never allows more than the budget', async () => {
    const first = await statuses(3, 'POST', '/things', bearer('op-busy'));
    expect(first.map((a) => a.status)).toEqual([201, 201, 201]);
    // The third request took points ahead for the instance's next ones: the count runs ahead.
    expect(await counted('changes:operator:op-busy')).toBeGreaterThan(3);
    const rest = await statuses(45, 'POST', '/things', bearer('op-busy'));
    const allowed = [...first, ...rest].filter((a) => a.status === 201);
    expect(allowed).toHaveLength(40);
    expect(rest.slice(-8).map((a) => a.status)).toEqual(Array(8).fill(429));
  });
});
