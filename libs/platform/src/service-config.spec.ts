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

  it("names every refused variable in one error, the platform's and its libs' alike", () => {
    let message = '';
    try {
      loadServiceConfig('intake', 3001, {
        PORT: 'x',
        CONSUMER_MAX_ATTEMPTS: '0',
        KAFKA_REPLICATION_FACTOR: '-2',
        RATE_LIMIT_PER_MINUTE: 'lots',
        OUTBOX_READY_MAX_BACKLOG: '-1',
      });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const named of [
      'PORT must be a port number, got x',
      'OUTBOX_READY_MAX_BACKLOG must be a whole number ≥ 0, got -1',
      'RATE_LIMIT_PER_MINUTE must be a positive whole number, got lots',
      'set DATABASE_RUNTIME_PASSWORD',
      'CONSUMER_MAX_ATTEMPTS must be a positive whole number, got 0',
      'KAFKA_REPLICATION_FACTOR must be -1',
      'AUTH_JWKS_URL',
      'PII_KEYS',
    ])
      expect(message).toContain(named);
  });

  it('reads the messaging and listener settings with their defaults', () => {
    const config = loadServiceConfig('intake', 3001, {
      ...dev,
      KAFKA_REPLICATION_FACTOR: '3',
      TRUST_PROXY: '2',
    });
    expect(config).toMatchObject({ port: 3001, trustProxy: 2, outboxReadyMaxBacklog: 10000 });
    expect(config.messaging).toMatchObject({
      replicationFactor: 3,
      partitions: 6,
      brokers: ['127.0.0.1:9092'],
    });
    expect(
      loadServiceConfig('intake', 3001, { ...dev, KAFKA_REPLICATION_FACTOR: '-1' }).messaging
        .replicationFactor,
    ).toBe(-1);
    expect(loadServiceConfig('intake', 3001, { ...dev, TRUST_PROXY: 'loopback' }).trustProxy).toBe(
      'loopback',
    );
    expect(loadServiceConfig('intake', 3001, dev).trustProxy).toBe(false);
  });
});
