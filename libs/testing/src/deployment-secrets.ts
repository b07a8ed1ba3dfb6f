import { randomBytes } from 'node:crypto';

/**
 * What a deployment must supply once CHUISHAO_DEV=1 is off (README "Running in production"):
 * personal-data keys and the runtime role's password, fresh for each call. A test that starts a
 * service without the development switch passes these, or the service refuses to start.
 */
export function deploymentSecrets(): Record<string, string> {
  return {
    PII_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    PII_ACTIVE_KEY_ID: 'k1',
    PII_HASH_KEY: randomBytes(32).toString('base64'),
    DATABASE_RUNTIME_PASSWORD: randomBytes(18).toString('base64url'),
  };
}
