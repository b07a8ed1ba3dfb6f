import type { INestApplication } from '@nestjs/common';
import { lintServiceOpenApi, openApiPromiseViolations } from '@chuishao/testing';
import { loadSimulatorSettings } from '../src/application/simulator-settings';
import { createCourtSimulatorApp } from '../src/app.module';

/** /docs-json passes `redocly lint` (redocly.yaml) and keeps the promises of libs/platform/README.md. */
describe('court-simulator OpenAPI document', () => {
  let app: INestApplication;
  let baseUrl: string;
  beforeAll(async () => {
    app = await createCourtSimulatorApp(loadSimulatorSettings({ CHUISHAO_DEV: '1' }), {});
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('has no Redocly error or warning, and a summary and its errors on every operation', async () => {
    const { document, problems } = await lintServiceOpenApi('court-simulator', baseUrl);
    expect(problems).toEqual([]);
    expect(openApiPromiseViolations(document, { serverUrl: baseUrl })).toEqual([]);
  });
});
