import { DEVELOPMENT_SECRET, TokenVerifier, type AuthConfig } from '@chuishao/auth';
import { loadServiceConfig } from '@chuishao/platform';
import { AppModule } from '../../app.module';
import { loadDispatchSettings } from '../../application/dispatch-settings';
import {
  MINTED_TOKEN_LIFETIME_SECONDS,
  MINTED_TOKEN_RENEW_BEFORE_SECONDS,
  createServiceTokenSource,
} from './service-token';

const hs256: AuthConfig = {
  mode: 'hs256',
  secret: DEVELOPMENT_SECRET,
  issuer: 'chuishao',
  audience: 'chuishao',
};
const rs256: AuthConfig = {
  mode: 'rs256',
  jwksUrl: 'https://idp.example/.well-known/jwks.json',
  issuer: 'chuishao',
  audience: 'chuishao',
};

describe('the service token dispatch sends to the department directory', () => {
  it('mints, in development (hs256), a short-lived ops token as service:dispatch that the services accept', async () => {
    const source = createServiceTokenSource(hs256, null);
    expect(source.kind).toBe('minted');
    const principal = await new TokenVerifier(hs256).verify(`Bearer ${source.token()}`);
    expect(principal).toEqual({ role: 'ops', subject: 'service:dispatch' });
    const claims = JSON.parse(Buffer.from(source.token().split('.')[1], 'base64url').toString('utf8'));
    expect(claims.exp - claims.iat).toBe(MINTED_TOKEN_LIFETIME_SECONDS);
  });

  it('reuses the minted token, and renews it before it expires or after the directory refused it', () => {
    let now = 1_000_000;
    let minted = 0;
    const mint = jest.fn((): string => `token-${++minted}`);
    const source = createServiceTokenSource(hs256, null, { now: () => now, mint });
    const renewAt = (MINTED_TOKEN_LIFETIME_SECONDS - MINTED_TOKEN_RENEW_BEFORE_SECONDS) * 1000;
    expect(source.token()).toBe('token-1');
    now += renewAt - 1;
    expect(source.token()).toBe('token-1');
    now += 1;
    expect(source.token()).toBe('token-2');
    source.invalidate();
    expect(source.token()).toBe('token-3');
    expect(source.token()).toBe('token-3');
    expect(mint).toHaveBeenCalledWith({
      role: 'ops',
      subject: 'service:dispatch',
      secret: DEVELOPMENT_SECRET,
      issuer: 'chuishao',
      audience: 'chuishao',
      expiresInSeconds: MINTED_TOKEN_LIFETIME_SECONDS,
    });
  });

  it('sends DEPARTMENT_DIRECTORY_TOKEN as is when configured, in either mode', () => {
    const settings = loadDispatchSettings({ DEPARTMENT_DIRECTORY_TOKEN: ' Bearer abc.def.ghi ' });
    expect(settings.departmentDirectoryToken).toBe('abc.def.ghi');
    expect(loadDispatchSettings({}).departmentDirectoryToken).toBeNull();
    for (const auth of [hs256, rs256]) {
      const source = createServiceTokenSource(auth, 'abc.def.ghi');
      expect(source.kind).toBe('configured');
      source.invalidate();
      expect(source.token()).toBe('abc.def.ghi');
    }
  });

  it('refuses to start with rs256 and no DEPARTMENT_DIRECTORY_TOKEN, saying what to set', () => {
    expect(() => createServiceTokenSource(rs256, null)).toThrow(/DEPARTMENT_DIRECTORY_TOKEN must be set/);
    const config = loadServiceConfig('dispatch', 0, {
      AUTH_JWKS_URL: rs256.jwksUrl,
      DATABASE_RUNTIME_PASSWORD: 'from-the-vault',
      PII_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      PII_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
    });
    expect(config.auth.mode).toBe('rs256');
    expect(() => AppModule.forRoot(config, { settings: { departmentDirectoryToken: null } })).toThrow(
      /DEPARTMENT_DIRECTORY_TOKEN must be set: with AUTH_JWKS_URL \(rs256\)/,
    );
    expect(() =>
      AppModule.forRoot(config, { settings: { departmentDirectoryToken: 'abc.def.ghi' } }),
    ).not.toThrow();
  });
});
