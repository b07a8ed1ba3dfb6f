import path from 'node:path';

import { LauncherError, parsePort } from './proc';

/** The one list of services `start` runs. Adding a service means adding a line here. */
export interface ServiceDefinition {
  name: string;
  defaultPort: number;
  /** Env variable that overrides the port. */
  portEnv: string;
  /** Env variable through which the other services learn this one's base URL. */
  urlEnv: string;
}

export const SERVICES: readonly ServiceDefinition[] = [
  { name: 'intake', defaultPort: 3001, portEnv: 'INTAKE_PORT', urlEnv: 'INTAKE_URL' },
  { name: 'dispatch', defaultPort: 3002, portEnv: 'DISPATCH_PORT', urlEnv: 'DISPATCH_URL' },
  { name: 'department', defaultPort: 3003, portEnv: 'DEPARTMENT_PORT', urlEnv: 'DEPARTMENT_URL' },
  { name: 'sla-timer', defaultPort: 3004, portEnv: 'SLA_TIMER_PORT', urlEnv: 'SLA_TIMER_URL' },
  { name: 'mediation', defaultPort: 3005, portEnv: 'MEDIATION_PORT', urlEnv: 'MEDIATION_URL' },
  {
    name: 'judicial-confirmation',
    defaultPort: 3006,
    portEnv: 'JUDICIAL_CONFIRMATION_PORT',
    urlEnv: 'JUDICIAL_CONFIRMATION_URL',
  },
  // The stand-in for the court in development and the demo; judicial-confirmation reaches it
  // through COURT_SIMULATOR_URL and it calls back to JUDICIAL_CONFIRMATION_URL.
  {
    name: 'court-simulator',
    defaultPort: 3007,
    portEnv: 'COURT_SIMULATOR_PORT',
    urlEnv: 'COURT_SIMULATOR_URL',
  },
  // The supervision console: read models of every topic and the web app; acknowledging an
  // escalation goes to SLA_TIMER_URL with the supervisor's own token.
  { name: 'ops-console', defaultPort: 3000, portEnv: 'OPS_CONSOLE_PORT', urlEnv: 'OPS_CONSOLE_URL' },
];

export interface ResolvedService extends ServiceDefinition {
  port: number;
  url: string;
  healthUrl: string;
  docsUrl: string;
  /** Compiled entry point, relative to the repo root. */
  entry: string;
}

const HOST = '127.0.0.1';

/** Applies the port overrides from `env`; rejects invalid or clashing ports up front. */
export function resolveServices(
  env: NodeJS.ProcessEnv = process.env,
  definitions: readonly ServiceDefinition[] = SERVICES,
): ResolvedService[] {
  const resolved = definitions.map((def) => {
    const port = parsePort(env[def.portEnv], def.portEnv) ?? def.defaultPort;
    const url = `http://${HOST}:${port}`;
    return {
      ...def,
      port,
      url,
      healthUrl: `${url}/health/ready`,
      docsUrl: `${url}/docs`,
      entry: path.join('services', def.name, 'dist', 'src', 'main.js'),
    };
  });
  const seen = new Map<number, string>();
  for (const service of resolved) {
    const other = seen.get(service.port);
    if (other)
      throw new LauncherError(`services ${other} and ${service.name} are both set to port ${service.port}`);
    seen.set(service.port, service.name);
  }
  return resolved;
}

/**
 * V8 heap settings every service process runs with (issue #8: each service under 250 MB RSS at
 * peak). Without them V8 sizes the heap from the machine's memory: on a 24 GiB box that is a
 * 64 MiB semi-space (a 128 MiB young generation, all of it resident after a few scavenges) and a
 * 4 GiB old-space limit, under which the first full collection waits until the old generation
 * (and the Buffers it keeps alive, kafkajs' and pg's) is large. Measured with the bench: sla-timer
 * firing 100,000 timers peaked at 367-385 MB, the pipeline's busiest services at 283-333 MB; with
 * these, 171-173 MB and 175-192 MB. The price is more collections: sla-timer's CPU for the 100,000
 * fires went from 34 to 38 s (means of 4 runs on a shared machine), the pipeline's GC pauses from
 * 6.2 to 8.1 s over a run (about 3 % of the services' CPU). A 32 MiB semi-space halves that extra
 * pause time for 25-30 MB more per service (pipeline peak 214 MB). 256 MiB of old space is
 * three times the largest live heap measured (about 80 MB) and keeps heap plus young generation
 * plus native memory inside the 384Mi limit of deploy/k8s. The Dockerfile sets the same value
 * (deployment-files.spec.ts checks that they agree).
 */
export const SERVICE_NODE_OPTIONS = '--max-semi-space-size=16 --max-old-space-size=256';

/**
 * kafkajs 2.2.4 (its last release) arms `setTimeout(throttledUntil - Date.now())` with
 * throttledUntil = -1, and Node 24 prints a TimeoutNegativeWarning for it. It was not harmless: the
 * timer re-armed itself every 1 ms on every idle connection, which libs/messaging now stops in the
 * services (broker/kafkajs-idle-loop.ts). The warning stays off for what still runs kafkajs
 * unpatched (the CLI for itself, the test and bench tools' clients); every other warning prints.
 */
export const QUIET_KAFKAJS_TIMEOUT_WARNING = '--disable-warning=TimeoutNegativeWarning';

/**
 * NODE_OPTIONS for a service process: ours first, then whatever the caller's environment already
 * holds, so an operator's own `NODE_OPTIONS=--max-old-space-size=…` still wins (the last of a
 * repeated V8 flag is the one that counts).
 */
export function serviceNodeOptions(existing: string | undefined = process.env.NODE_OPTIONS): string {
  const own = existing?.trim();
  const ours = `${SERVICE_NODE_OPTIONS} ${QUIET_KAFKAJS_TIMEOUT_WARNING}`;
  return own ? `${ours} ${own}` : ours;
}

export interface Infrastructure {
  kafkaBrokers: string;
  databaseUrl: string;
}

/**
 * The environment a service process gets: ours, plus its port, the infrastructure, its peers' URLs,
 * serviceNodeOptions() (the V8 heap settings, without kafkajs' TimeoutNegativeWarning) and
 * CHUISHAO_DEV=1: `npm start` is development, on the built-in secret and keys (an explicit
 * CHUISHAO_DEV=0 in ours turns that off).
 */
export function serviceEnv(
  service: ResolvedService,
  all: readonly ResolvedService[],
  infra: Infrastructure,
  base: NodeJS.ProcessEnv = process.env,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const peer of all) env[peer.urlEnv] = peer.url;
  env.PORT = String(service.port);
  env.DATABASE_URL = infra.databaseUrl;
  env.KAFKA_BROKERS = infra.kafkaBrokers;
  env.NODE_OPTIONS = serviceNodeOptions(base.NODE_OPTIONS);
  env.CHUISHAO_DEV = base.CHUISHAO_DEV ?? '1';
  return env;
}
