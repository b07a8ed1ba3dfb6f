import { Body, Controller, Get, Module, Post, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEVELOPMENT_SECRET, issueDevelopmentToken, type PersonRole } from '@chuishao/auth';
import { assertTestDatabase } from '@chuishao/persistence';
import { randomBytes } from 'node:crypto';
import { Roles } from '../src/auth/decorators';
import { createServiceApp } from '../src/bootstrap';
import { Ctx, type RequestContext } from '../src/http/request-context';
import { PlatformModule } from '../src/platform.module';
import { loadServiceConfig } from '../src/service-config';

@Controller('things')
class ThingsController {
  @Get()
  @Roles('operator', 'supervisor')
  list() {
    return { items: [] };
  }

  @Post()
  @Roles('operator')
  create(@Body() body: unknown, @Ctx() ctx: RequestContext) {
    return { actor: ctx.actor, body };
  }

  @Get('undeclared')
  undeclared() {
    return { leaked: true };
  }
}

@Module({})
class ThingsModule {
  static forRoot(): DynamicModule {
    // libs/testing depends on this lib, so the test reads the run's infrastructure directly.
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    const tag = `guard${randomBytes(4).toString('hex')}`;
    const config = loadServiceConfig('guard-test', 0, {
      ...process.env,
      DB_SCHEMA: tag,
      KAFKA_TOPIC_PREFIX: `${tag}.`,
      RATE_LIMIT_PER_MINUTE: '3',
      LOG_LEVEL: 'error',
    });
    return {
      module: ThingsModule,
      imports: [PlatformModule.forRoot({ config, entities: [], migrations: [] })],
      controllers: [ThingsController],
    };
  }
}

describe('the platform guard: bearer tokens, declared roles, rate limits (real PostgreSQL and Kafka)', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  const bearer = (
    role: PersonRole,
    options: { expiresInSeconds?: number; secret?: string; subject?: string } = {},
  ) => ({
    authorization: `Bearer ${issueDevelopmentToken({
      role,
      secret: options.secret ?? DEVELOPMENT_SECRET,
      subject: options.subject,
      centerId: role === 'operator' || role === 'clerk' ? 'ganzhou-district' : undefined,
      expiresInSeconds: options.expiresInSeconds,
    })}`,
  });
  const call = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: method === 'POST' ? '{"name":"x"}' : undefined,
    });
    const body = (await response.json()) as { code?: string; actor?: unknown };
    return { status: response.status, body, headers: response.headers };
  };

  beforeAll(async () => {
    app = await createServiceApp(ThingsModule.forRoot(), { title: 'guard test', description: 'guard test' });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => app?.close());

  it('lets health through without a token, and nothing else', async () => {
    expect((await call('GET', '/health/live')).status).toBe(200);
    expect(await call('GET', '/things')).toMatchObject({ status: 401, body: { code: 'TOKEN_MISSING' } });
  });

  it('answers 401 with the reason for expired, forged and malformed tokens', async () => {
    expect((await call('GET', '/things', bearer('operator', { expiresInSeconds: -60 }))).body.code).toBe(
      'TOKEN_EXPIRED',
    );
    expect((await call('GET', '/things', bearer('operator', { secret: 'x'.repeat(40) }))).body.code).toBe(
      'TOKEN_INVALID',
    );
    expect((await call('GET', '/things', { authorization: 'Bearer not.a.jwt' })).status).toBe(401);
  });

  it('answers 403 for a role the endpoint does not declare, and for an endpoint that declares none', async () => {
    expect((await call('GET', '/things', bearer('supervisor'))).status).toBe(200);
    const liaison = {
      authorization: `Bearer ${issueDevelopmentToken({ role: 'liaison', departmentId: 'd1', secret: DEVELOPMENT_SECRET })}`,
    };
    expect(await call('GET', '/things', liaison)).toMatchObject({
      status: 403,
      body: { code: 'ROLE_FORBIDDEN' },
    });
    expect((await call('GET', '/things/undeclared', bearer('ops'))).status).toBe(403);
  });

  it('puts the verified caller into the request context as the actor', async () => {
    const { status, body } = await call('POST', '/things', bearer('operator', { subject: 'op-42' }));
    expect(status).toBe(201);
    expect(body.actor).toEqual({ role: 'operator', id: 'op-42' });
  });

  it('limits state changes per caller with 429 and Retry-After; reads spend a budget of their own', async () => {
    const caller = bearer('operator', { subject: 'op-busy' });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call('POST', '/things', caller)).status);
    expect(statuses).toEqual([201, 201, 201, 429]);
    const limited = await call('POST', '/things', caller);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await call('POST', '/things', bearer('operator', { subject: 'op-calm' }))).status).toBe(201);
    expect((await call('GET', '/things', caller)).status).toBe(200);
  });

  it('keeps an Idempotency-Key to its caller: another caller with the same key is not replayed', async () => {
    const send = (subject: string) =>
      fetch(`${baseUrl}/things`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': 'shared-key',
          ...bearer('operator', { subject }),
        },
        body: '{"name":"x"}',
      });
    const first = await send('op-first');
    const again = await send('op-first');
    const other = await send('op-other');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(((await other.json()) as { actor: unknown }).actor).toEqual({ role: 'operator', id: 'op-other' });
    expect(((await first.json()) as { actor: unknown }).actor).toEqual({ role: 'operator', id: 'op-first' });
  });

  it('answers MALFORMED_BODY for invalid JSON without echoing what was sent', async () => {
    const response = await fetch(`${baseUrl}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer('operator', { subject: 'op-typo' }) },
      body: '{"idNumber": 620702196805051234',
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(JSON.parse(text).code).toBe('MALFORMED_BODY');
    expect(text).not.toContain('620702196805051234');
  });

  it('serves Prometheus metrics without a token: request latency by route pattern, outbox backlog', async () => {
    await call('GET', '/things', bearer('operator'));
    const response = await fetch(`${baseUrl}/metrics`);
    const text = await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(text).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/things"[^}]*status="200"/);
    expect(text).toMatch(/chuishao_outbox_backlog\{service="guard-test"\} 0/);
    expect(text).toContain('process_cpu_user_seconds_total');
  });
});
