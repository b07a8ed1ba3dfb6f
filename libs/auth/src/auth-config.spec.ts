import { DEVELOPMENT_SECRET, developmentSwitch, loadAuthConfig } from './auth-config';

const own = 'a-deployment-secret-nobody-has-published-0123456789';

describe('loadAuthConfig fails closed', () => {
  it('refuses to start with no secret unless CHUISHAO_DEV=1', () => {
    expect(() => loadAuthConfig({})).toThrow(/AUTH_JWKS_URL.*AUTH_JWT_SECRET.*CHUISHAO_DEV=1/);
    expect(() => loadAuthConfig({ NODE_ENV: 'test' })).toThrow(/CHUISHAO_DEV=1/);
    expect(loadAuthConfig({ CHUISHAO_DEV: '1' })).toMatchObject({
      mode: 'hs256',
      secret: DEVELOPMENT_SECRET,
      development: true,
    });
  });

  it('refuses the built-in and the compose-file secret without the switch', () => {
    expect(() => loadAuthConfig({ AUTH_JWT_SECRET: DEVELOPMENT_SECRET })).toThrow(/published/);
    expect(() =>
      loadAuthConfig({ AUTH_JWT_SECRET: 'chuishao-compose-development-secret-change-me' }),
    ).toThrow(/published/);
    expect(() => loadAuthConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(/32 characters/);
  });

  it('runs the switch on the built-in secret only, never beside a real key or in production', () => {
    expect(() => loadAuthConfig({ CHUISHAO_DEV: '1', AUTH_JWT_SECRET: own })).toThrow(/built-in/);
    expect(() => loadAuthConfig({ CHUISHAO_DEV: '1', AUTH_JWKS_URL: 'https://idp/jwks' })).toThrow(
      /built-in/,
    );
    expect(() => loadAuthConfig({ CHUISHAO_DEV: '1', NODE_ENV: 'production' })).toThrow(/production/);
    expect(() => developmentSwitch({ CHUISHAO_DEV: 'yes' })).toThrow(/CHUISHAO_DEV/);
    expect(loadAuthConfig({ CHUISHAO_DEV: '1', AUTH_JWT_SECRET: DEVELOPMENT_SECRET }).mode).toBe('hs256');
  });

  it('takes a deployment secret or JWKS URL with development off', () => {
    expect(loadAuthConfig({ AUTH_JWT_SECRET: own })).toMatchObject({ secret: own, development: false });
    expect(loadAuthConfig({ AUTH_JWKS_URL: 'https://idp/jwks' })).toEqual({
      mode: 'rs256',
      jwksUrl: 'https://idp/jwks',
      issuer: 'chuishao',
      audience: 'chuishao',
      maxTokenLifetimeSeconds: 12 * 3600,
    });
  });

  it('reads the longest token lifetime from AUTH_MAX_TOKEN_HOURS', () => {
    expect(loadAuthConfig({ CHUISHAO_DEV: '1', AUTH_MAX_TOKEN_HOURS: '2' }).maxTokenLifetimeSeconds).toBe(
      7200,
    );
    expect(() => loadAuthConfig({ CHUISHAO_DEV: '1', AUTH_MAX_TOKEN_HOURS: '0' })).toThrow(
      /AUTH_MAX_TOKEN_HOURS/,
    );
  });
});
