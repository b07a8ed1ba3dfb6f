import { loadAuthConfig, type AuthConfig } from '@chuishao/auth';
import {
  developmentVariables,
  envValue,
  loadAll,
  loadPersonalDataKeys,
  loadSettings,
  optionalEndpoint,
  optionalPositiveWholeNumber,
  portNumber,
  refuseDevelopmentInProduction,
  secretValue,
  text,
  whenValid,
  wholeNumber,
  type Environment,
  type PersonalDataKeys,
} from '@chuishao/kernel';
import { developmentRuntimePassword, type DatabaseConfig } from '@chuishao/persistence';
import { loadMessagingConfig, type MessagingConfig } from '@chuishao/messaging';
import { z } from 'zod';
import { rateLimitVariables, rateLimitsOf, type RateLimitConfig } from './auth/request-limits';

export const SERVICE_CONFIG = Symbol.for('chuishao.ServiceConfig');

export interface ServiceConfig {
  service: string;
  host: string;
  port: number;
  /** PUBLIC_URL: where clients reach the service, the OpenAPI document's `servers` entry. */
  publicUrl?: string;
  database: DatabaseConfig;
  messaging: MessagingConfig;
  auth: AuthConfig;
  /**
   * PII_KEYS / PII_ACTIVE_KEY_ID / PII_HASH_KEY: every service encrypts what it keeps of personal
   * data or secrets at rest (stored idempotent answers, webhook secrets) under this ring.
   */
  personalDataKeys: PersonalDataKeys;
  /** Requests per minute, shared by every instance (RATE_LIMIT_*_PER_MINUTE; README "Security"). */
  rateLimits: RateLimitConfig;
  /**
   * Express's `trust proxy` (TRUST_PROXY: a hop count, or addresses such as `loopback, 10.0.0.0/8`):
   * behind an ingress the client's address, which public and sign-in limits count by, is the
   * one the proxy puts in X-Forwarded-For. Unset: the peer's address, as no header is trusted.
   */
  trustProxy: boolean | number | string;
  /**
   * Readiness fails above this many unpublished outbox rows (OUTBOX_READY_MAX_BACKLOG): an
   * instance that cannot keep up stops taking traffic until its relay catches up.
   */
  outboxReadyMaxBacklog: number;
}

/** The embedded PostgreSQL that `npm start` brings up (deploy/launcher). */
export const EMBEDDED_DATABASE_URL = 'postgres://postgres:postgres@127.0.0.1:54329/chuishao';

/** Express's `trust proxy`: unset or false, a hop count, or addresses as Express reads them. */
const trustProxy = () =>
  envValue<boolean | number | string>(false, (value) =>
    value === 'false' ? false : /^\d+$/.test(value) ? Number(value) : value,
  );

/** The variables every service shares (README "Configuration"); auth, messaging and keys are their libs'. */
function platformSettingsSchema(service: string, defaultPort: number) {
  return z
    .object({
      ...developmentVariables,
      PORT: portNumber(defaultPort).describe('HTTP port (the launcher sets it)'),
      // Loopback unless told otherwise: containers set HOST=0.0.0.0 (Dockerfile, compose, k8s).
      HOST: text('127.0.0.1').describe('the interface to listen on'),
      PUBLIC_URL: optionalEndpoint().describe(
        "where clients reach the service: the OpenAPI document's servers",
      ),
      TRUST_PROXY: trustProxy().describe("Express's trust proxy: a hop count or proxy addresses"),
      OUTBOX_READY_MAX_BACKLOG: wholeNumber(10000).describe(
        'readiness fails above this many unpublished events',
      ),
      DB_SCHEMA: text(service.replace(/-/g, '_')).describe("the service's schema"),
      DATABASE_URL: text(EMBEDDED_DATABASE_URL).describe('PostgreSQL server and database'),
      DATABASE_MIGRATION_URL: secretValue().describe("the schema owner's connection; default DATABASE_URL"),
      DATABASE_RUNTIME_PASSWORD: secretValue().describe(
        "the runtime role's password; derived only under CHUISHAO_DEV=1",
      ),
      DB_POOL_SIZE: optionalPositiveWholeNumber().describe("connections per instance; default the driver's"),
      ...rateLimitVariables,
    })
    .superRefine(...refuseDevelopmentInProduction)
    .superRefine(
      (value, ctx) => {
        if (!value.DATABASE_RUNTIME_PASSWORD && !value.CHUISHAO_DEV)
          ctx.addIssue({
            code: 'custom',
            path: ['DATABASE_RUNTIME_PASSWORD'],
            message:
              "set DATABASE_RUNTIME_PASSWORD (the runtime role's password), or CHUISHAO_DEV=1 for development",
          });
      },
      whenValid('CHUISHAO_DEV', 'DATABASE_RUNTIME_PASSWORD'),
    )
    .transform((env) => ({
      host: env.HOST,
      port: env.PORT,
      publicUrl: env.PUBLIC_URL ?? undefined,
      database: databaseConfigOf(service, env),
      rateLimits: rateLimitsOf(env),
      trustProxy: env.TRUST_PROXY,
      outboxReadyMaxBacklog: env.OUTBOX_READY_MAX_BACKLOG,
    }));
}

/**
 * The owner migrates (DATABASE_MIGRATION_URL, else DATABASE_URL); the service then runs as its
 * schema's runtime role with DATABASE_RUNTIME_PASSWORD, a derived password only under
 * CHUISHAO_DEV=1 (libs/persistence runtime-role.ts).
 */
function databaseConfigOf(
  service: string,
  env: {
    DB_SCHEMA: string;
    DATABASE_URL: string;
    DATABASE_MIGRATION_URL?: string;
    DATABASE_RUNTIME_PASSWORD?: string;
    DB_POOL_SIZE?: number;
  },
): DatabaseConfig {
  return {
    url: env.DATABASE_MIGRATION_URL ?? env.DATABASE_URL,
    schema: env.DB_SCHEMA,
    applicationName: `chuishao-${service}`,
    poolSize: env.DB_POOL_SIZE,
    runtimePassword: env.DATABASE_RUNTIME_PASSWORD ?? developmentRuntimePassword(env.DB_SCHEMA),
  };
}

/**
 * Every setting comes from the environment with a working default, so `npm start` needs no
 * configuration and a deployment overrides only what differs (README "Configuration"). Every
 * refused variable, of the platform's and of its libs', is named in one error.
 */
export function loadServiceConfig(
  service: string,
  defaultPort: number,
  env: Environment = process.env,
): ServiceConfig {
  const loaded = loadAll({
    platform: () => loadSettings(platformSettingsSchema(service, defaultPort), env),
    messaging: () => loadMessagingConfig(service, env),
    auth: () => loadAuthConfig(env),
    personalDataKeys: () => loadPersonalDataKeys(env),
  });
  return {
    service,
    ...loaded.platform,
    messaging: loaded.messaging,
    auth: loaded.auth,
    personalDataKeys: loaded.personalDataKeys,
  };
}
