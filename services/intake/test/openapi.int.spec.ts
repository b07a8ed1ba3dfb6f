import {
  http,
  lintServiceOpenApi,
  openApiPromiseViolations,
  startService,
  type RunningService,
} from '@chuishao/testing';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

/** /docs-json passes `redocly lint` (redocly.yaml) and keeps the promises of libs/platform/README.md. */
describe('intake OpenAPI document', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION);
  });
  afterAll(async () => {
    await service?.close();
  });

  it('has no Redocly error or warning and documents every answer the platform gives', async () => {
    const { document, problems } = await lintServiceOpenApi('intake', service.baseUrl);
    expect(problems).toEqual([]);
    const format = 'the path parameter is the format (.json); another one is a 400';
    expect(
      openApiPromiseViolations(document, {
        serverUrl: service.baseUrl,
        platform: true,
        without404: {
          'GET /open311/v2/services.{format}': format,
          'GET /open311/v2/requests.{format}': format,
          'POST /open311/v2/requests.{format}': format,
        },
        ownErrorShapes: { '/open311/': '#/components/schemas/Open311Error' },
      }),
    ).toEqual([]);
  });

  it('names PUBLIC_URL in servers when it is set (a service behind a proxy)', async () => {
    const publicUrl = 'https://intake.chuishao.internal';
    const proxied = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION, {
      env: { PUBLIC_URL: publicUrl },
    });
    try {
      const { body } = await http(proxied.baseUrl, 'GET', '/docs-json');
      expect(body).toMatchObject({ servers: [{ url: publicUrl }] });
    } finally {
      await proxied.close();
    }
  });
});
