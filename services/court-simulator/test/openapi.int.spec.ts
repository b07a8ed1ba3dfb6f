import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadSimulatorSettings } from '../src/application/simulator-settings';
import { createCourtApp } from '../src/court-app';

/** The README and `npm start` point at /docs for every service, the court simulator's included. */
describe('court simulator OpenAPI', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createCourtApp(loadSimulatorSettings({}));
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers /docs with the OpenAPI page', async () => {
    const response = await request(app.getHttpServer()).get('/docs').redirects(1);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.text).toContain('swagger-ui');
  });

  it('answers /docs-json with a document of its e-filing endpoints, without bearer tokens', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json');
    expect(response.status).toBe(200);
    expect(response.body.openapi).toMatch(/^3\./);
    expect(response.body.info.title).toBe('court-simulator');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/filings', '/filings/{filingId}', '/admin/settings']),
    );
    expect(response.body.security ?? []).toEqual([]);
    expect(response.body.components?.securitySchemes ?? {}).toEqual({});
  });
});
