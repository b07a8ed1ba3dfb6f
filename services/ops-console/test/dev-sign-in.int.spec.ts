import { deploymentSecrets, http, startService, type RunningService } from '@chuishao/testing';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import type { ConsoleSettings } from '../src/application/console-settings';

/**
 * Dev sign-in mints any role, supervisor and court included, to anyone who asks: it must exist
 * only under CHUISHAO_DEV=1 on the built-in secret, and be an unknown route everywhere else.
 */
describe('ops-console dev sign-in fails closed', () => {
  const services: RunningService[] = [];
  const start = async (env: Record<string, string>, settings: Partial<ConsoleSettings> = {}) => {
    const service = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config, { settings }),
      OPS_CONSOLE_DESCRIPTION,
      {
        env,
      },
    );
    services.push(service);
    return service;
  };

  afterAll(async () => {
    await Promise.all(services.map((service) => service.close()));
  });

  it('does not exist without CHUISHAO_DEV=1, even on HS256 with a deployment secret', async () => {
    const service = await start({
      CHUISHAO_DEV: '',
      ...deploymentSecrets(),
      AUTH_JWT_SECRET: 'a-deployment-secret-nobody-has-published-0123456789',
    });
    const response = await http(service.baseUrl, 'POST', '/api/session/dev-token', { role: 'supervisor' });
    expect(response.status).toBe(404);
    expect(response.body).toMatchObject({ code: 'NOT_FOUND' });
    expect(response.body).not.toHaveProperty('token');
    const docs = await http(service.baseUrl, 'GET', '/docs-json');
    expect(Object.keys((docs.body as { paths: object }).paths)).not.toContain('/api/session/dev-token');
    const config = await http(service.baseUrl, 'GET', '/api/session/config');
    expect(config.body).toEqual({ signIn: 'none', oidc: null });
  });

  it('does not exist beside an identity provider, which the sign-in config names instead', async () => {
    const oidc = {
      issuer: 'https://idp.example.gov.cn/realms/chuishao',
      clientId: 'workstation',
      scope: 'openid',
    };
    const service = await start({ CHUISHAO_DEV: '1' }, { oidc });
    const response = await http(service.baseUrl, 'POST', '/api/session/dev-token', { role: 'supervisor' });
    expect(response.status).toBe(404);
    const config = await http(service.baseUrl, 'GET', '/api/session/config');
    expect(config.body).toEqual({ signIn: 'oidc', oidc });
  });

  it('mints a working token under CHUISHAO_DEV=1 on the built-in secret', async () => {
    const service = await start({ CHUISHAO_DEV: '1' });
    const minted = await http(service.baseUrl, 'POST', '/api/session/dev-token', { role: 'supervisor' });
    expect(minted.status).toBe(200);
    expect((await http(service.baseUrl, 'GET', '/api/session/config')).body).toEqual({
      signIn: 'development',
      oidc: null,
    });
    const token = (minted.body as { token: string }).token;
    const me = await http(service.baseUrl, 'GET', '/api/session/me', undefined, {
      authorization: `Bearer ${token}`,
    });
    expect(me.body).toMatchObject({ role: 'supervisor' });
  });
});
