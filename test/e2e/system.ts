import { resolveServices, SERVICES, serviceEnv } from '@chuishao/launcher';
import { repoRoot, uniqueTestTag, waitFor, testEnv } from '@chuishao/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

export type ServiceName =
  | 'intake'
  | 'dispatch'
  | 'department'
  | 'sla-timer'
  | 'mediation'
  | 'judicial-confirmation'
  | 'court-simulator'
  | 'ops-console';

/** Every service of the system behind the console (the workstation's journeys add 'ops-console'). */
export const ALL_SERVICES: ServiceName[] = [
  'intake',
  'dispatch',
  'department',
  'sla-timer',
  'mediation',
  'judicial-confirmation',
  'court-simulator',
];

export interface RunningSystem {
  urls: Record<ServiceName, string>;
  topicPrefix: string;
  /** `<prefix><topic>` as this system's services name it. */
  topic: (name: string) => string;
  logFiles: Record<string, string>;
  stop: () => Promise<void>;
  /** SIGKILL one service and start it again with the same settings. */
  restart: (service: ServiceName) => Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The whole system as a user runs it: each service a separate Node process started from its
 * build (dist/), talking only through Kafka and HTTP. Each run has its own topic prefix and
 * schemas, so runs never see each other's events or rows. Service logs go to test-results/.
 */
export async function startSystem(
  options: {
    services?: ServiceName[];
    env?: Record<string, string>;
    kafkaBrokers?: string;
    /** Ports known before the start (an identity provider registers the console's redirect URI). */
    ports?: Partial<Record<ServiceName, number>>;
  } = {},
): Promise<RunningSystem> {
  const root = repoRoot();
  const { KAFKA_BROKERS, DATABASE_URL } = testEnv();
  const tag = uniqueTestTag('e2e');
  const topicPrefix = `${tag}.`;
  const services = options.services ?? ['intake', 'dispatch', 'department', 'sla-timer'];
  // The ports are free ones, passed the way a user moves a port (INTAKE_PORT…), so that the
  // launcher's own serviceEnv gives each process what `npm start` gives it.
  const definitions = SERVICES.filter((d) => services.includes(d.name as ServiceName));
  const portEnv = Object.fromEntries(
    await Promise.all(
      definitions.map(
        async (d) =>
          [d.portEnv, String(options.ports?.[d.name as ServiceName] ?? (await freePort()))] as const,
      ),
    ),
  );
  const resolved = resolveServices(portEnv, definitions);
  const urls = Object.fromEntries(resolved.map((r) => [r.name, r.url])) as Record<ServiceName, string>;
  const logDir = path.join(root, 'test-results', 'e2e');
  mkdirSync(logDir, { recursive: true });
  const children = new Map<ServiceName, ChildProcess>();
  const logFiles: Record<string, string> = {};

  const envFor = (service: ServiceName): NodeJS.ProcessEnv => ({
    ...serviceEnv(
      resolved.find((r) => r.name === service)!,
      resolved,
      { databaseUrl: DATABASE_URL, kafkaBrokers: options.kafkaBrokers ?? KAFKA_BROKERS },
      process.env,
    ),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    DB_SCHEMA: `${tag}_${service.replace(/-/g, '_')}`,
    HOST: '127.0.0.1',
    CHUISHAO_DEV: '1', // the built-in development secret and keys
    LOG_LEVEL: 'info',
    OUTBOX_POLL_INTERVAL_MS: '50',
    // The suites poll one service as one caller for minutes, far above a person's pace, and
    // send refused tokens on purpose from one address.
    RATE_LIMIT_READS_PER_MINUTE: '1000000',
    RATE_LIMIT_FAILED_SIGN_INS_PER_MINUTE: '1000000',
    RATE_LIMIT_PUBLIC_PER_MINUTE: '1000000',
    ...options.env,
  });

  const launch = async (service: ServiceName) => {
    const main = path.join(root, 'services', service, 'dist', 'src', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first (npm test does)`);
    logFiles[service] = path.join(logDir, `${tag}-${service}.log`);
    const log = createWriteStream(logFiles[service], { flags: 'a' });
    const child = spawn(process.execPath, [main], {
      env: envFor(service),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    children.set(service, child);
    await waitFor(
      `${service} to be ready at ${urls[service]}`,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${service} exited with ${child.exitCode}; see ${logFiles[service]}`);
        const response = await fetch(`${urls[service]}/health/ready`).catch(() => null);
        return response?.status === 200;
      },
      { timeoutMs: 90_000, intervalMs: 200 },
    );
  };

  const kill = async (service: ServiceName, signal: NodeJS.Signals) => {
    const child = children.get(service);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };

  await Promise.all(services.map(launch));
  return {
    urls,
    topicPrefix,
    topic: (name) => `${topicPrefix}${name}`,
    logFiles,
    stop: async () => void (await Promise.all(services.map((s) => kill(s, 'SIGTERM')))),
    restart: async (service) => {
      await kill(service, 'SIGKILL');
      await launch(service);
    },
  };
}
