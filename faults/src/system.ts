import { SERVICES, freePort, serviceNodeOptions } from '@chuishao/launcher';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { serverErrorsLogged, type LoggedServerError } from './server-error-logs';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Every service the suite knows; absent builds (a service still being written) are skipped. */
export const SERVICE_NAMES = [
  'intake',
  'dispatch',
  'department',
  'sla-timer',
  'mediation',
  'judicial-confirmation',
  'court-simulator',
  'ops-console',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** Services that own a schema and consume topics (the court simulator is an HTTP stand-in). */
export const CONSUMERS: readonly ServiceName[] = [
  'intake',
  'dispatch',
  'department',
  'sla-timer',
  'mediation',
  'judicial-confirmation',
  'ops-console',
];

export function entryOf(service: ServiceName): string {
  return path.join(ROOT, 'services', service, 'dist', 'src', 'main.js');
}

/** Polls `check` until it answers a truthy value; fails after `timeoutMs` naming what it waited for. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | false | null | undefined>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${String(last)})`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

interface Instance {
  child: ChildProcess;
  port: number;
  logFile: string;
}

/** An instance the suite started beside a service's first one: where it listens and logs. */
export interface ExtraInstance {
  url: string;
  logFile: string;
}

export interface SystemOptions {
  brokers: string;
  databaseUrl: string;
  env: Record<string, string>;
  logDir: string;
  log: (line: string) => void;
}

/**
 * The system as separate Node processes started from their builds, with one topic prefix and
 * one schema per service for this run. The first instance of a service listens on the service's
 * URL (which its peers are given); extra instances (rebalance) get ports of their own and share
 * the schema and the consumer group.
 */
export class FaultSystem {
  readonly tag = `faults${randomBytes(3).toString('hex')}`;
  readonly topicPrefix = `${this.tag}.`;
  readonly services: ServiceName[] = [];
  readonly skipped: { service: ServiceName; why: string }[] = [];
  readonly urls = {} as Record<ServiceName, string>;
  private readonly ports = new Map<ServiceName, number>();
  /** Every port this run gave an instance (unusedPort): none is given twice. */
  private readonly handedOut = new Set<number>();
  private readonly instances = new Map<ServiceName, Instance[]>();

  constructor(private readonly options: SystemOptions) {}

  schemaOf(service: ServiceName): string {
    return `${this.tag}_${service.replace(/-/g, '_')}`;
  }

  topic(name: string): string {
    return `${this.topicPrefix}${name}`;
  }

  consumers(): ServiceName[] {
    return this.services.filter((s) => CONSUMERS.includes(s));
  }

  async start(): Promise<void> {
    for (const service of SERVICE_NAMES) {
      if (!existsSync(entryOf(service))) {
        this.skipped.push({ service, why: `${path.relative(ROOT, entryOf(service))} is not built` });
        continue;
      }
      this.services.push(service);
      const port = await this.unusedPort();
      this.ports.set(service, port);
      this.urls[service] = `http://127.0.0.1:${port}`;
    }
    mkdirSync(this.options.logDir, { recursive: true });
    // Producers of the topics first: each service creates the topics it uses at start-up.
    // A built service that does not start fails the run, whichever it is: a suite that went on
    // without it would report "0 lost" for a system it never ran.
    for (const service of this.services) await this.launch(service, this.ports.get(service)!);
  }

  private env(service: ServiceName, port: number, extra: Record<string, string>): NodeJS.ProcessEnv {
    const peers: Record<string, string> = {};
    for (const def of SERVICES) {
      const url = this.urls[def.name as ServiceName];
      if (url) peers[def.urlEnv] = url;
    }
    if (this.urls['ops-console']) peers.OPS_CONSOLE_URL = this.urls['ops-console'];
    return {
      ...process.env,
      ...peers,
      DATABASE_URL: this.options.databaseUrl,
      KAFKA_BROKERS: this.options.brokers,
      KAFKA_TOPIC_PREFIX: this.topicPrefix,
      DB_SCHEMA: this.schemaOf(service),
      PORT: String(port),
      HOST: '127.0.0.1',
      CHUISHAO_DEV: '1', // the built-in development secret and keys
      LOG_LEVEL: 'info',
      // The heap settings `npm start` and the images give a service: faults run what ships.
      NODE_OPTIONS: serviceNodeOptions(process.env.NODE_OPTIONS),
      ...this.options.env,
      ...extra,
    };
  }

  private async launch(
    service: ServiceName,
    port: number,
    extra: Record<string, string> = {},
  ): Promise<string> {
    const index = (this.instances.get(service) ?? []).length;
    const logFile = path.join(this.options.logDir, `${this.tag}-${service}-${port}.log`);
    const log = createWriteStream(logFile, { flags: 'a' });
    const child = spawn(process.execPath, [entryOf(service)], {
      env: this.env(service, port, extra),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    const list = this.instances.get(service) ?? [];
    list.push({ child, port, logFile });
    this.instances.set(service, list);
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(
      `${service}#${index} to be ready at ${url} (log: ${logFile})`,
      async () => {
        if (child.exitCode !== null)
          throw new Error(`${service} exited with ${child.exitCode}; see ${logFile}`);
        return (await fetch(`${url}/health/ready`)).status === 200;
      },
      120_000,
      300,
    );
    return logFile;
  }

  /** SIGKILL every instance of the service (mid-batch: no drain, no commit of offsets). */
  async kill(service: ServiceName): Promise<void> {
    const list = this.instances.get(service) ?? [];
    await Promise.all(list.map(({ child }) => killChild(child, 'SIGKILL')));
    this.instances.set(service, []);
  }

  /**
   * SIGSTOP / SIGCONT every instance of the service: frozen, it keeps its connections and its
   * group membership, while its consumer lag grows.
   */
  freeze(service: ServiceName, frozen: boolean): void {
    for (const { child } of this.instances.get(service) ?? []) child.kill(frozen ? 'SIGSTOP' : 'SIGCONT');
  }

  /**
   * A port free now and handed to no other instance of this run. The OS may give a port it just
   * gave again once its probe is closed: the services' ports are all picked before the first
   * starts, and a killed service's port waits for its restart. Two services on one port once
   * left ops-console unstarted (EADDRINUSE) while its readiness check reached the department.
   */
  private async unusedPort(): Promise<number> {
    for (;;) {
      const port = await freePort();
      if (this.handedOut.has(port)) continue;
      this.handedOut.add(port);
      return port;
    }
  }

  /** Starts the service again on its URL. */
  async restart(service: ServiceName): Promise<void> {
    await this.launch(service, this.ports.get(service)!);
  }

  /**
   * A second instance of a consumer: same schema and consumer group, its own port. `env` is added
   * to the service's (an older release emulated: CHUISHAO_CONTRACTS_KNOWN_UP_TO).
   */
  async addInstance(service: ServiceName, env: Record<string, string> = {}): Promise<ExtraInstance> {
    const port = await this.unusedPort();
    const logFile = await this.launch(service, port, env);
    return { url: `http://127.0.0.1:${port}`, logFile };
  }

  /**
   * SIGTERM the most recently added instance of the service and wait for it to exit, as a
   * deploy stops an old instance: it leaves its consumer group, so its partitions move on.
   */
  async stopExtraInstance(service: ServiceName): Promise<void> {
    const list = this.instances.get(service) ?? [];
    const extra = list.length > 1 ? list.pop() : undefined;
    if (extra) await killChild(extra.child, 'SIGTERM', 30_000);
  }

  /** SIGKILL the most recently added instance of the service, leaving the first one running. */
  async killExtraInstance(service: ServiceName): Promise<void> {
    const list = this.instances.get(service) ?? [];
    const extra = list.length > 1 ? list.pop() : undefined;
    if (extra) await killChild(extra.child, 'SIGKILL');
  }

  /** The 500s this run's instances logged since `since` (epoch ms), killed ones' included. */
  serverErrorsLogged(since: number): LoggedServerError[] {
    return serverErrorsLogged(this.options.logDir, this.tag, since);
  }

  /** Are all first instances still alive? (A crash during a fault is a finding.) */
  crashed(): ServiceName[] {
    return this.services.filter((s) =>
      (this.instances.get(s) ?? []).some((i) => i.child.exitCode !== null && i.child.signalCode === null),
    );
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.instances.values()].flat().map(({ child }) => killChild(child, 'SIGTERM', 15_000)),
    );
    this.instances.clear();
  }
}

function killChild(child: ChildProcess, signal: NodeJS.Signals, graceMs = 0): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = graceMs > 0 ? setTimeout(() => child.kill('SIGKILL'), graceMs) : undefined;
    child.once('exit', () => {
      if (timer) clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
