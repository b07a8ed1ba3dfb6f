import {
  lintServiceOpenApi,
  openApiPromiseViolations,
  startService,
  type RunningService,
} from '@chuishao/testing';
import { AppModule, DISPATCH_DESCRIPTION } from '../src/app.module';

/** /docs-json passes `redocly lint` (redocly.yaml) and keeps the promises of libs/platform/README.md. */
describe('dispatch OpenAPI document', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService('dispatch', (config) => AppModule.forRoot(config), DISPATCH_DESCRIPTION);
  });
  afterAll(async () => {
    await service?.close();
  });

  it('has no Redocly error or warning and documents every answer the platform gives', async () => {
    const { document, problems } = await lintServiceOpenApi('dispatch', service.baseUrl);
    expect(problems).toEqual([]);
    const without404 = {
      'PUT /routing-rules/{disputeType}': 'dispute types are a fixed list: an unknown one is a 400',
    };
    expect(
      openApiPromiseViolations(document, { serverUrl: service.baseUrl, platform: true, without404 }),
    ).toEqual([]);
  });
});
