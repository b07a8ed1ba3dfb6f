import { developmentSwitch, loadAuthConfig, type AuthConfig } from '@chuishao/auth';
import { loadPersonalDataKeys, type PersonalDataKeys } from '@chuishao/kernel';
import { developmentRuntimePassword, type DatabaseConfig } from '@chuishao/persistence';
import { loadMessagingConfig, type MessagingConfig } from '@chuishao/messaging';
import { loadRateLimitConfig, type RateLimitConfig } from './auth/request-limits';

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

/**
 * Every setting comes from the environment with a working default, so `npm start` needs no
 * configuration and a deployment overrides only what differs (README "Configuration").
 */
export function loadServiceConfig(
  service: string,
  defaultPort: number,
  env: NodeJS.ProcessEnv = process.env,
): ServiceConfig {
  const port = Number(env.PORT ?? defaultPort);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    service,
    // Loopback unless told otherwise: containers set HOST=0.0.0.0 (Dockerfile, compose, k8s).
    host: env.HOST || '127.0.0.1',
    port,
    publicUrl: env.PUBLIC_URL || undefined,
    database: loadDatabaseConfig(service, env),
    messaging: loadMessagingConfig(service, env),
    auth: loadAuthConfig(env),
    personalDataKeys: loadPersonalDataKeys(env),
    rateLimits: loadRateLimitConfig(env),
    trustProxy: trustProxy(env.TRUST_PROXY),
    outboxReadyMaxBacklog: Number(env.OUTBOX_READY_MAX_BACKLOG ?? 10000),
  };
}

function trustProxy(raw: string | undefined): boolean | number | string {
  if (raw === undefined || raw === '' || raw === 'false') return false;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/**
 * The owner migrates (DATABASE_MIGRATION_URL, else DATABASE_URL); the service then runs as its
 * schema's runtime role with DATABASE_RUNTIME_PASSWORD, a derived password only under
 * CHUISHAO_DEV=1 (libs/persistence runtime-role.ts).
 */
function loadDatabaseConfig(service: string, env: NodeJS.ProcessEnv): DatabaseConfig {
  const schema = env.DB_SCHEMA ?? service.replace(/-/g, '_');
  const runtimePassword =
    env.DATABASE_RUNTIME_PASSWORD ||
    (developmentSwitch(env) ? developmentRuntimePassword(schema) : undefined);
  if (!runtimePassword)
    throw new Error(
      "set DATABASE_RUNTIME_PASSWORD (the runtime role's password), or CHUISHAO_DEV=1 for development",
    );
  return {
    url: env.DATABASE_MIGRATION_URL || env.DATABASE_URL || EMBEDDED_DATABASE_URL,
    schema,
    applicationName: `chuishao-${service}`,
    poolSize: env.DB_POOL_SIZE ? Number(env.DB_POOL_SIZE) : undefined,
    runtimePassword,
  };
}
