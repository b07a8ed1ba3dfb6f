import {
  lintServiceOpenApi,
  openApiPromiseViolations,
  startService,
  type RunningService,
} from '@chuishao/testing';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';

/** /docs-json passes `redocly lint` (redocly.yaml) and keeps the promises of libs/platform/README.md. */
describe('sla-timer OpenAPI document', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService('sla-timer', (config) => AppModule.forRoot(config), SLA_TIMER_DESCRIPTION);
  });
  afterAll(async () => {
    await service?.close();
  });

  it('has no Redocly error or warning and documents every answer the platform gives', async () => {
    const { document, problems } = await lintServiceOpenApi('sla-timer', service.baseUrl);
    expect(problems).toEqual([]);
    expect(openApiPromiseViolations(document, { serverUrl: service.baseUrl, platform: true })).toEqual([]);
  });
});
