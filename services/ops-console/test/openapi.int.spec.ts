import {
  lintServiceOpenApi,
  openApiPromiseViolations,
  startService,
  type RunningService,
} from '@chuishao/testing';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';

/** /docs-json passes `redocly lint` (redocly.yaml) and keeps the promises of libs/platform/README.md. */
describe('ops-console OpenAPI document', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config),
      OPS_CONSOLE_DESCRIPTION,
    );
  });
  afterAll(async () => {
    await service?.close();
  });

  it('has no Redocly error or warning and documents every answer the platform gives', async () => {
    const { document, problems } = await lintServiceOpenApi('ops-console', service.baseUrl);
    expect(problems).toEqual([]);
    expect(openApiPromiseViolations(document, { serverUrl: service.baseUrl, platform: true })).toEqual([]);
  });
});
