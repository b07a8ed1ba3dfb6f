import { SERVICES, freePort } from '@chuishao/launcher';
import { Client } from 'pg';
import path from 'node:path';
import { deleteTopics, startServiceProcess, uniqueTag, type Infra, type ServiceProcess } from './system';

/** The whole system for one bench run: every service `npm start` runs, as separate processes. */
export interface BenchSystem {
  tag: string;
  topicPrefix: string;
  urls: Record<string, string>;
  services: Map<string, ServiceProcess>;
  /** `<prefix><topic>` as this run's services name it. */
  topic(name: string): string;
  schema(service: string): string;
  /** Stops one service and starts it again with the same settings (e.g. with `--cpu-prof`). */
  restart(name: string, nodeArgs?: string[]): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

export interface BenchSystemOptions {
  /** Settings for every service on top of what `npm start` gives them. */
  env?: Record<string, string>;
  /** A folder for the services' logs (one file per service); none by default. */
  logDir?: string;
  log: (line: string) => void;
}

/**
 * Starts every service of the launcher's list the way `npm start` does (peers' URLs in
 * INTAKE_URL, DEPARTMENT_URL…), each in a schema of its own and all on one topic prefix, so a
 * bench run never sees the developer's data or another run's events.
 */
export async function startBenchSystem(infra: Infra, options: BenchSystemOptions): Promise<BenchSystem> {
  const tag = uniqueTag('bench_');
  const topicPrefix = `${tag}.`;
  const ports = new Map<string, number>();
  for (const service of SERVICES) ports.set(service.name, await freePort());
  const urls = Object.fromEntries(SERVICES.map((s) => [s.name, `http://127.0.0.1:${ports.get(s.name)}`]));
  const schema = (service: string) => `${tag}_${service.replace(/-/g, '_')}`;
  const envOf = (name: string): Record<string, string> => ({
    ...Object.fromEntries(SERVICES.map((s) => [s.urlEnv, urls[s.name]])),
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.kafkaBrokers,
    KAFKA_TOPIC_PREFIX: topicPrefix,
    DB_SCHEMA: schema(name),
    ...options.env,
  });
  const services = new Map<string, ServiceProcess>();
  const launch = async (name: string, nodeArgs?: string[]) => {
    const started = Date.now();
    const service = await startServiceProcess(name, envOf(name), {
      port: ports.get(name),
      nodeArgs,
      readyTimeoutMs: 120_000,
      logFile: options.logDir ? path.join(options.logDir, `${tag}-${name}.log`) : undefined,
    });
    services.set(name, service);
    options.log(`${name} ready at ${service.url} in ${Date.now() - started} ms`);
    return service;
  };
  const stopAll = async () => {
    await Promise.all([...services.values()].map((s) => s.stop()));
    services.clear();
  };
  try {
    // The department directory first: dispatch reads it; then the rest side by side.
    await launch('department');
    await Promise.all(SERVICES.filter((s) => s.name !== 'department').map((s) => launch(s.name)));
  } catch (error) {
    await stopAll();
    throw error;
  }
  return {
    tag,
    topicPrefix,
    urls,
    services,
    topic: (name) => `${topicPrefix}${name}`,
    schema,
    restart: async (name, nodeArgs) => {
      await services.get(name)?.stop();
      return launch(name, nodeArgs);
    },
    stop: async () => {
      await stopAll();
      await deleteTopics(infra.kafkaBrokers, topicPrefix).catch(() => undefined);
      const db = new Client({ connectionString: infra.databaseUrl });
      await db.connect();
      try {
        for (const service of SERVICES)
          await db.query(`DROP SCHEMA IF EXISTS "${schema(service.name)}" CASCADE`).catch(() => undefined);
      } finally {
        await db.end();
      }
    },
  };
}
