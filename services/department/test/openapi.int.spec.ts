import {
  lintServiceOpenApi,
  openApiPromiseViolations,
  startService,
  type RunningService,
} from '@chuishao/testing';
import { AppModule, DEPARTMENT_DESCRIPTION } from '../src/app.module';

/** /docs-json passes `redocly lint` (redocly.yaml) and keeps the promises of libs/platform/README.md. */
describe('department OpenAPI document', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService('department', (config) => AppModule.forRoot(config), DEPARTMENT_DESCRIPTION);
  });
  afterAll(async () => {
    await service?.close();
  });

  it('has no Redocly error or warning and documents every answer the platform gives', async () => {
    const { document, problems } = await lintServiceOpenApi('department', service.baseUrl);
    expect(problems).toEqual([]);
    expect(openApiPromiseViolations(document, { serverUrl: service.baseUrl, platform: true })).toEqual([]);
  });
});
