import type { DynamicModule } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Topology, MESSAGING_CONFIG, type MessagingConfig } from '@chuishao/messaging';
import { assertTestDatabase } from '@chuishao/persistence';
import { createServiceApp, loadServiceConfig, type ServiceConfig } from '@chuishao/platform';
import { uniqueTestTag } from './names';
import type { Json } from './topic-observer';

export interface RunningService {
  app: NestExpressApplication;
  baseUrl: string;
  config: ServiceConfig;
  /** `<prefix><topic>`: the physical name of a topic for this test. */
  topic: (name: string) => string;
  close: () => Promise<void>;
}

export interface HarnessOptions {
  /** Shared by services that must see each other's events in one test. Defaults to a fresh tag. */
  topicPrefix?: string;
  env?: Record<string, string>;
}

/**
 * The real infrastructure of this run, and CHUISHAO_DEV=1: tests run on the built-in development
 * secret and personal-data keys, which every service refuses without that switch.
 */
export function testEnv(): { KAFKA_BROKERS: string; DATABASE_URL: string; CHUISHAO_DEV: string } {
  const { KAFKA_BROKERS, DATABASE_URL } = process.env;
  if (!KAFKA_BROKERS || !DATABASE_URL) {
    throw new Error(
      'KAFKA_BROKERS and DATABASE_URL are unset: run integration tests through jest (npm test)',
    );
  }
  assertTestDatabase(DATABASE_URL);
  return { KAFKA_BROKERS, DATABASE_URL, CHUISHAO_DEV: '1' };
}

/**
 * Suites read in loops, send hundreds of forged tokens on purpose and call public routes from
 * one address: their reads, refused tokens and public calls are not what they test, so the
 * harness raises those budgets. Changes keep the default (300 a minute); a suite that tests a
 * limit passes its own in `env`.
 */
export const GENEROUS_TEST_LIMITS = {
  RATE_LIMIT_READS_PER_MINUTE: '1000000',
  RATE_LIMIT_FAILED_SIGN_INS_PER_MINUTE: '1000000',
  RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
};

/**
 * Boots one service in-process on a free port against the run's real Kafka and PostgreSQL, in a
 * schema and topic namespace of its own, and waits until its topics exist.
 */
export async function startService(
  service: string,
  buildModule: (config: ServiceConfig) => DynamicModule,
  description: { title: string; description: string },
  options: HarnessOptions = {},
): Promise<RunningService> {
  process.env.LOG_LEVEL ??= 'warn'; // the JSON logger reads it; tests want warnings and errors only
  const tag = uniqueTestTag(service);
  const prefix = options.topicPrefix ?? `${uniqueTestTag('p')}.`;
  const config = loadServiceConfig(service, 0, {
    ...process.env,
    ...testEnv(),
    DB_SCHEMA: tag,
    KAFKA_TOPIC_PREFIX: prefix,
    CONSUMER_RETRY_DELAY_MS: '50',
    CONSUMER_MAX_ATTEMPTS: '3',
    OUTBOX_POLL_INTERVAL_MS: '50',
    ...GENEROUS_TEST_LIMITS,
    ...options.env,
  });
  const app = await createServiceApp(buildModule(config), description);
  await app.get(Topology).ensure();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const messaging = app.get<MessagingConfig>(MESSAGING_CONFIG);
  return {
    app,
    baseUrl: `http://127.0.0.1:${address.port}`,
    config,
    topic: (name: string) => `${messaging.topicPrefix}${name}`,
    close: () => app.close(),
  };
}

/** Small JSON client for tests: returns status, headers and parsed body. */
export async function http(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Json; headers: Headers }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers };
}
