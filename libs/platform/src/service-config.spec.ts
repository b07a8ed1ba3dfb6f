import { loadServiceConfig } from './service-config';

describe('loadServiceConfig', () => {
  const dev = { CHUISHAO_DEV: '1' };

  it('listens on the loopback interface unless HOST says otherwise', () => {
    expect(loadServiceConfig('intake', 3001, dev).host).toBe('127.0.0.1');
    expect(loadServiceConfig('intake', 3001, { ...dev, HOST: '' }).host).toBe('127.0.0.1');
    expect(loadServiceConfig('intake', 3001, { ...dev, HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });

  it('migrates as the owner and runs as the runtime role, whose password only development may derive', () => {
    const secret = {
      AUTH_JWT_SECRET: 'a-real-secret-of-at-least-thirty-two-characters!',
      PII_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`,
      PII_HASH_KEY: Buffer.alloc(32, 2).toString('base64'),
    };
    expect(() => loadServiceConfig('intake', 3001, secret)).toThrow(/DATABASE_RUNTIME_PASSWORD/);
    const production = loadServiceConfig('intake', 3001, {
      ...secret,
      DATABASE_URL: 'postgres://intake@db/chuishao',
      DATABASE_MIGRATION_URL: 'postgres://intake_owner@db/chuishao',
      DATABASE_RUNTIME_PASSWORD: 'from-the-vault',
    }).database;
    expect(production).toMatchObject({
      url: 'postgres://intake_owner@db/chuishao',
      runtimePassword: 'from-the-vault',
    });
    const development = loadServiceConfig('judicial-confirmation', 3006, dev).database;
    expect(development.schema).toBe('judicial_confirmation');
    expect(development.runtimePassword).toMatch(/^[\w-]{43}$/);
    expect(loadServiceConfig('intake', 3001, dev).database.runtimePassword).not.toBe(
      development.runtimePassword,
    );
  });
});
