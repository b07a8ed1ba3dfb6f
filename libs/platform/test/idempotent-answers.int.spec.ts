import { Body, Controller, Module, Post, type DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEVELOPMENT_SECRET, issueDevelopmentToken } from '@chuishao/auth';
import { assertTestDatabase } from '@chuishao/persistence';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Roles } from '../src/auth/decorators';
import { createServiceApp } from '../src/bootstrap';
import { PlatformModule } from '../src/platform.module';
import { loadServiceConfig } from '../src/service-config';

@Controller('parties')
class PartiesController {
  @Post()
  @Roles('clerk')
  create(@Body() body: { phone: string }) {
    return { phone: body.phone, idNumber: '620702198001011234' };
  }
}

@Module({})
class PartiesModule {
  static forRoot(): DynamicModule {
    // libs/testing depends on this lib, so the test reads the run's infrastructure directly.
    const url = process.env.DATABASE_URL!;
    assertTestDatabase(url);
    const tag = `answers${randomBytes(4).toString('hex')}`;
    const config = loadServiceConfig('answers-test', 0, {
      ...process.env,
      DB_SCHEMA: tag,
      KAFKA_TOPIC_PREFIX: `${tag}.`,
      LOG_LEVEL: 'error',
    });
    return {
      module: PartiesModule,
      imports: [PlatformModule.forRoot({ config, entities: [], migrations: [] })],
      controllers: [PartiesController],
    };
  }
}

/** Issue #16: an answer stored for Idempotency-Key replays is encrypted under the key ring. */
describe('stored idempotent answers (real PostgreSQL)', () => {
  let app: NestExpressApplication;
  let baseUrl: string;
  const post = async (key: string) => {
    const response = await fetch(`${baseUrl}/parties`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': key,
        authorization: `Bearer ${issueDevelopmentToken({ role: 'clerk', secret: DEVELOPMENT_SECRET, centerId: 'ganzhou-district' })}`,
      },
      body: JSON.stringify({ phone: '13909361234' }),
    });
    return {
      status: response.status,
      replayed: response.headers.get('idempotent-replayed'),
      body: await response.json(),
    };
  };

  beforeAll(async () => {
    app = await createServiceApp(PartiesModule.forRoot(), { title: 'answers', description: 'answers' });
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => app?.close());

  it('keeps no plaintext of the answer at rest, and replays it decrypted', async () => {
    const key = `k-${randomBytes(6).toString('hex')}`;
    const answer = { phone: '13909361234', idNumber: '620702198001011234' };
    expect(await post(key)).toEqual({ status: 201, replayed: null, body: answer });
    const [row] = await app
      .get(DataSource)
      .query(
        'SELECT body, body_sealed, to_jsonb(k)::text AS whole FROM idempotency_keys k WHERE idempotency_key = $1',
        [key],
      );
    expect(row.body).toBeNull();
    expect(row.body_sealed).toMatch(/^dev1\./);
    expect(row.whole).not.toMatch(/13909361234|620702198001011234/);
    expect(await post(key)).toEqual({ status: 201, replayed: 'true', body: answer });
  });
});
