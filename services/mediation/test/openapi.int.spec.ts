import {
  lintServiceOpenApi,
  openApiPromiseViolations,
  startService,
  type RunningService,
} from '@chuishao/testing';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';

/** /docs-json passes `redocly lint` (redocly.yaml) and keeps the promises of libs/platform/README.md. */
describe('mediation OpenAPI document', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService('mediation', (config) => AppModule.forRoot(config), MEDIATION_DESCRIPTION);
  });
  afterAll(async () => {
    await service?.close();
  });

  it('has no Redocly error or warning and documents every answer the platform gives', async () => {
    const { document, problems } = await lintServiceOpenApi('mediation', service.baseUrl);
    expect(problems).toEqual([]);
    const without404 = {
      'GET /cases/{caseId}/mediations': 'a case without mediations has an empty list, not a 404',
    };
    expect(
      openApiPromiseViolations(document, { serverUrl: service.baseUrl, platform: true, without404 }),
    ).toEqual([]);
  });
});
