#!/usr/bin/env node
/**
 * chuishao launcher CLI. Human progress goes to stderr, results to stdout, so that
 * `cli.js up --json` prints exactly one JSON line a test setup can parse.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';

import { parseArgs, parseBrokerCount, USAGE, UsageError, type CliArgs } from './args';
import { KafkaBroker, probeKafka } from './kafka';
import { KafkaCluster } from './kafka-cluster';
import { cacheDir, repoRoot } from './paths';
import { redactUrl, withPgClient } from './pg-client';
import { embeddedPostgresStatus, ensurePostgres, stopPostgres } from './postgres';
import { LauncherError, portInUse, sleep, withLock } from './proc';
import { resolveServices, serviceEnv, type ResolvedService } from './services';
import { forget, readState, recordStarted, stateFilePath, writeState, type Component } from './state';

const log = (message: string): void => {
  process.stderr.write(`[launcher] ${message}\n`);
};

export interface UpResult {
  kafkaBrokers: string;
  databaseUrl: string;
  started: { kafka: boolean; postgres: boolean };
}

function lockFile(root: string): string {
  return path.join(root, 'launcher.lock');
}

/**
 * Ensures Kafka and PostgreSQL (in parallel) and records in the state file what we started.
 * `startedSink` learns what was started even when the other half fails (so `start` can roll it back).
 */
export async function up(startedSink?: Set<Component>, kafkaBrokers = 1): Promise<UpResult> {
  const root = cacheDir();
  mkdirSync(root, { recursive: true });
  return withLock(
    lockFile(root),
    async () => {
      const cluster = new KafkaCluster({ size: kafkaBrokers, log });
      const broker = cluster.nodes[0]!;
      const [kafka, postgres] = await Promise.allSettled([cluster.start(), ensurePostgres({ log })]);
      const now = new Date().toISOString();
      if (kafka.status === 'fulfilled' && kafka.value.started) startedSink?.add('kafka');
      if (postgres.status === 'fulfilled' && postgres.value.started) startedSink?.add('postgres');
      // Record whatever did start even if the other part failed, so `down` can still clean it up.
      writeState(
        stateFilePath(root),
        recordStarted(
          readState(stateFilePath(root)),
          kafka.status === 'fulfilled' && kafka.value.started
            ? {
                name: cluster.name,
                ...(cluster.size > 1 ? { brokers: cluster.size } : {}),
                port: broker.port,
                controllerPort: broker.controllerPort,
                stateDir: broker.stateDir,
                pid: kafka.value.pid,
                startedAt: now,
              }
            : undefined,
          postgres.status === 'fulfilled' && postgres.value.started && postgres.value.port !== undefined
            ? {
                dataDir: embeddedPostgresStatus({ cacheDir: root }).dataDir,
                port: postgres.value.port,
                pid: postgres.value.pid,
                startedAt: now,
              }
            : undefined,
        ),
      );
      const failures = [kafka, postgres].filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failures.length === 1) throw failures[0]!.reason;
      if (failures.length > 1) {
        throw new LauncherError(failures.map((f) => messageOf(f.reason)).join('\n\n'));
      }
      if (kafka.status !== 'fulfilled' || postgres.status !== 'fulfilled') throw new Error('unreachable');
      return {
        kafkaBrokers: kafka.value.brokers,
        databaseUrl: postgres.value.databaseUrl,
        started: { kafka: kafka.value.started, postgres: postgres.value.started },
      };
    },
    log,
  );
}

/**
 * Stops components recorded in the state file (all of them, or only `only`) and forgets them.
 * Returns what was stopped. Never touches infrastructure the launcher did not start.
 */
export async function down(only?: ReadonlySet<Component>): Promise<Component[]> {
  const root = cacheDir();
  if (!existsSync(root)) return [];
  return withLock(
    lockFile(root),
    async () => {
      const file = stateFilePath(root);
      const state = readState(file);
      const stopped: Component[] = [];
      const tasks: Array<Promise<void>> = [];
      const kafka = state.kafka;
      if (kafka && (!only || only.has('kafka'))) {
        const stopping =
          (kafka.brokers ?? 1) > 1
            ? new KafkaCluster({ name: kafka.name, port: kafka.port, size: kafka.brokers!, log }).stop()
            : new KafkaBroker({
                name: kafka.name,
                port: kafka.port,
                controllerPort: kafka.controllerPort,
                stateDir: kafka.stateDir,
                log,
              }).stop();
        tasks.push(
          stopping.then((wasRunning) => {
            if (wasRunning) stopped.push('kafka');
            else log(`Kafka "${kafka.name}" was not running any more`);
            writeState(file, forget(readState(file), 'kafka'));
          }),
        );
      }
      const postgres = state.postgres;
      if (postgres && (!only || only.has('postgres'))) {
        tasks.push(
          stopPostgres({ dataDir: postgres.dataDir, port: postgres.port, log }).then((wasRunning) => {
            if (wasRunning) stopped.push('postgres');
            else log('PostgreSQL was not running any more');
            writeState(file, forget(readState(file), 'postgres'));
          }),
        );
      }
      const results = await Promise.allSettled(tasks);
      const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed.length > 0) throw new LauncherError(failed.map((f) => messageOf(f.reason)).join('\n'));
      return stopped;
    },
    log,
  );
}

export interface StatusReport {
  cacheDir: string;
  kafka: {
    brokers: string;
    running: boolean;
    ready: boolean;
    pid?: number;
    startedByLauncher: boolean;
    stateDir: string;
  };
  postgres: {
    mode: 'embedded' | 'external';
    running: boolean;
    databaseUrl?: string;
    pid?: number;
    startedByLauncher: boolean;
    dataDir?: string;
  };
  services: Array<{ name: string; url: string; docsUrl: string; ready: boolean }>;
}

export async function status(): Promise<StatusReport> {
  const root = cacheDir();
  const state = readState(stateFilePath(root));
  const clusterSize = state.kafka?.brokers ?? 1;
  // A cluster the launcher started is reported as one: every node's address, node 1's pid and folder.
  let broker: KafkaBroker | KafkaCluster =
    clusterSize > 1
      ? new KafkaCluster({ name: state.kafka!.name, port: state.kafka!.port, size: clusterSize, log })
      : new KafkaBroker({ log });
  const first = () => (broker instanceof KafkaCluster ? broker.nodes[0]! : broker);
  let pid = first().runningPid();
  const runningPort = pid !== undefined ? first().configuredPort() : undefined;
  if (runningPort !== undefined && runningPort !== first().port) {
    // Ours runs, but on another port than KAFKA_PORT says now: report where it really is.
    broker = new KafkaBroker({ log, port: runningPort });
    pid = broker.runningPid();
  }
  const external = process.env.DATABASE_URL?.trim();
  const pg = embeddedPostgresStatus({ cacheDir: root });
  const [kafkaReady, externalReady, services] = await Promise.all([
    probeKafka(broker.brokers, 2_000),
    external
      ? withPgClient(external, 3_000, (c) => c.query('select 1')).then(
          () => true,
          () => false,
        )
      : Promise.resolve(false),
    Promise.all(
      resolveServices().map(async (s) => ({
        name: s.name,
        url: s.url,
        docsUrl: s.docsUrl,
        ready: await httpOk(s.healthUrl, 1_000),
      })),
    ),
  ]);
  return {
    cacheDir: root,
    kafka: {
      brokers: broker.brokers,
      running: pid !== undefined,
      ready: kafkaReady,
      pid,
      startedByLauncher: pid !== undefined && state.kafka?.stateDir === first().stateDir,
      stateDir: first().stateDir,
    },
    postgres: external
      ? {
          mode: 'external',
          running: externalReady,
          databaseUrl: redactUrl(external),
          startedByLauncher: false,
        }
      : {
          mode: 'embedded',
          running: pg.running,
          databaseUrl: pg.databaseUrl,
          pid: pg.pid,
          startedByLauncher: pg.running && state.postgres?.dataDir === pg.dataDir,
          dataDir: pg.dataDir,
        },
    services,
  };
}

function formatStatus(report: StatusReport): string {
  const k = report.kafka;
  const p = report.postgres;
  const by = (ours: boolean): string => (ours ? 'started by the launcher' : 'not started by the launcher');
  const kafkaLine = k.running
    ? `running on ${k.brokers} (pid ${k.pid}, ${k.ready ? 'answering' : 'NOT answering'}, ${by(k.startedByLauncher)})`
    : k.ready
      ? `not ours, but something answers on ${k.brokers}`
      : `not running (would use ${k.brokers})`;
  const pgLine =
    p.mode === 'external'
      ? `DATABASE_URL ${p.databaseUrl} (${p.running ? 'answering' : 'NOT answering'})`
      : p.running
        ? `embedded, running: ${p.databaseUrl} (pid ${p.pid}, ${by(p.startedByLauncher)})`
        : 'embedded, not running';
  const lines = [`kafka       ${kafkaLine}`, `postgres    ${pgLine}`];
  for (const s of report.services) {
    lines.push(
      `${s.name.padEnd(11)} ${s.ready ? `ready at ${s.url} (docs: ${s.docsUrl})` : `not running (${s.url})`}`,
    );
  }
  lines.push(`state       ${report.cacheDir}`);
  return `${lines.join('\n')}\n`;
}

async function httpOk(url: string, timeoutMs: number): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    return response.status === 200;
  } catch {
    return false;
  }
}

interface RunningService {
  service: ResolvedService;
  child: ChildProcess;
  /** The last output lines, shown when the service fails to become ready. */
  recent: string[];
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  exited: Promise<void>;
}

const RECENT_LINES = 40;

/** `start`: up, run the services in the foreground, and take everything this run started down on Ctrl-C. */
async function start(kafkaBrokers: number): Promise<number> {
  const root = repoRoot();
  const services = resolveServices();
  // Check what we can before starting anything, so a missing build does not cost a Kafka boot.
  for (const s of services) {
    if (!existsSync(path.join(root, s.entry))) {
      throw new LauncherError(
        `${s.entry} does not exist: build first ("npm run build", or just "npm start").`,
      );
    }
    if (await portInUse(s.port)) {
      throw new LauncherError(
        `port ${s.port} (for ${s.name}) is in use by another process. Stop it, or choose another port: ${s.portEnv}=<port>.`,
      );
    }
  }

  let stopRequested = false;
  let wake: () => void = () => undefined;
  const stopSignal = new Promise<void>((resolve) => (wake = resolve));
  const running: RunningService[] = [];
  let signals = 0;
  const onSignal = (sig: NodeJS.Signals): void => {
    signals += 1;
    if (signals === 1) {
      log(`${sig} received: stopping (press Ctrl-C again to kill the services at once)`);
      stopRequested = true;
      wake();
    } else {
      for (const r of running) if (!r.exit) r.child.kill('SIGKILL');
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // A pending promise alone does not keep Node alive; this does, until we are done.
  const keepAlive = setInterval(() => undefined, 60_000);

  const mine = new Set<Component>();
  let exitCode = 0;
  try {
    const infra = await up(mine, kafkaBrokers);
    if (stopRequested) return 130;

    const width = Math.max(...services.map((s) => s.name.length));
    for (const service of services) {
      const child = spawn(process.execPath, [path.join(root, service.entry)], {
        cwd: path.join(root, 'services', service.name),
        env: serviceEnv(service, services, infra),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const entry: RunningService = {
        service,
        child,
        recent: [],
        exited: new Promise((resolve) =>
          child.once('close', (code, signal) => {
            entry.exit = { code, signal };
            if (!stopRequested) log(`${service.name} exited (${signal ?? `code ${code}`})`);
            resolve();
          }),
        ),
      };
      child.once('error', (err) => log(`${service.name}: ${err.message}`));
      const prefix = `${service.name.padEnd(width)} | `;
      for (const [stream, sink] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ] as const) {
        createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
          entry.recent.push(line);
          if (entry.recent.length > RECENT_LINES) entry.recent.shift();
          sink.write(`${prefix}${line}\n`);
        });
      }
      running.push(entry);
    }

    log(`waiting for ${services.map((s) => s.name).join(', ')} to be ready...`);
    const ready = await waitForServices(running, Date.now() + 120_000, () => stopRequested);
    if (stopRequested) return 130;
    if (ready !== true) {
      const r = ready;
      const why = r.exit
        ? `exited (${r.exit.signal ?? `code ${r.exit.code}`}) before ${r.service.healthUrl} answered 200`
        : `did not answer 200 on ${r.service.healthUrl} within 120 s`;
      process.stderr.write(
        `\n[launcher] ${r.service.name} ${why}. Its last output:\n` +
          `${r.recent.map((l) => `  ${l}`).join('\n') || '  (no output)'}\n\n`,
      );
      exitCode = 1;
      return exitCode;
    }

    const nameWidth = Math.max(width, 'postgres'.length);
    const block = [
      '',
      'chuishao is running:',
      ...services.map((s) => `  ${s.name.padEnd(nameWidth)}  ${s.url}   docs: ${s.docsUrl}`),
      `  ${'kafka'.padEnd(nameWidth)}  ${infra.kafkaBrokers}`,
      `  ${'postgres'.padEnd(nameWidth)}  ${redactUrl(infra.databaseUrl)}`,
      'Press Ctrl-C to stop.',
      '',
    ];
    process.stdout.write(`${block.join('\n')}\n`);

    // Until a signal, or until every service has died (then there is nothing left to run).
    const allExited = Promise.all(running.map((r) => r.exited)).then(() => {
      if (!stopRequested) {
        log('all services have exited; shutting down');
        exitCode = 1;
      }
    });
    await Promise.race([stopSignal, allExited]);
    return stopRequested ? 0 : exitCode;
  } catch (err) {
    reportError(err);
    return 1;
  } finally {
    stopRequested = true;
    await stopServices(running);
    // Only what this run started; a broker or database found running stays up.
    if (mine.size > 0) {
      try {
        await down(mine);
      } catch (err) {
        reportError(err);
      }
    }
    clearInterval(keepAlive);
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    log('stopped');
  }
}

/** Polls every service's /health/ready; true when all answered 200, else the first one that failed. */
async function waitForServices(
  running: RunningService[],
  deadline: number,
  cancelled: () => boolean,
): Promise<true | RunningService> {
  const pending = new Set(running);
  while (pending.size > 0) {
    if (cancelled()) return true;
    for (const r of [...pending]) {
      if (r.exit) return r;
      if (await httpOk(r.service.healthUrl, 2_000)) {
        log(`${r.service.name} is ready`);
        pending.delete(r);
      }
    }
    if (pending.size === 0) break;
    if (Date.now() >= deadline) return [...pending][0]!;
    await sleep(500);
  }
  return true;
}

/** SIGTERM every service (Nest shuts down gracefully on it), SIGKILL whatever is left after 10 s. */
async function stopServices(running: RunningService[]): Promise<void> {
  const alive = running.filter((r) => !r.exit);
  if (alive.length === 0) return;
  log(`stopping ${alive.map((r) => r.service.name).join(', ')}...`);
  for (const r of alive) r.child.kill('SIGTERM');
  const timeout = sleep(10_000).then(() => 'timeout' as const);
  if ((await Promise.race([Promise.all(alive.map((r) => r.exited)), timeout])) === 'timeout') {
    for (const r of alive) {
      if (!r.exit) {
        log(`${r.service.name} did not stop within 10 s; killing it`);
        r.child.kill('SIGKILL');
      }
    }
    await Promise.all(alive.map((r) => r.exited));
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function reportError(err: unknown): void {
  if (err instanceof LauncherError) {
    process.stderr.write(`[launcher] error: ${err.message}\n`);
  } else {
    process.stderr.write(
      `[launcher] unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
  }
}

/** --kafka-brokers, else CHUISHAO_KAFKA_BROKERS, else one broker. */
function brokerCount(args: CliArgs): number {
  if (args.kafkaBrokers !== undefined) return args.kafkaBrokers;
  const fromEnv = process.env.CHUISHAO_KAFKA_BROKERS?.trim();
  return fromEnv ? parseBrokerCount(fromEnv, 'CHUISHAO_KAFKA_BROKERS') : 1;
}

export async function main(argv: readonly string[]): Promise<number> {
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  if (args.json) {
    // stdout must carry exactly one JSON line; anything a library prints through console goes to stderr.
    const toStderr = (...parts: unknown[]): void =>
      void process.stderr.write(`${parts.map(String).join(' ')}\n`);
    console.log = toStderr;
    console.info = toStderr;
    console.debug = toStderr;
  }
  try {
    switch (args.command) {
      case 'help':
        process.stdout.write(USAGE);
        return 0;
      case 'up': {
        const result = await up(undefined, brokerCount(args));
        if (args.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
        } else {
          process.stdout.write(
            `kafka     ${result.kafkaBrokers} (${result.started.kafka ? 'started' : 'already running'})\n` +
              `postgres  ${redactUrl(result.databaseUrl)} (${result.started.postgres ? 'started' : 'already running'})\n`,
          );
        }
        return 0;
      }
      case 'down': {
        const stopped = await down(args.components.length > 0 ? new Set(args.components) : undefined);
        process.stdout.write(stopped.length > 0 ? `stopped: ${stopped.join(', ')}\n` : 'nothing to stop\n');
        return 0;
      }
      case 'status': {
        const report = await status();
        process.stdout.write(args.json ? `${JSON.stringify(report)}\n` : formatStatus(report));
        return 0;
      }
      case 'start':
        return await start(brokerCount(args));
    }
  } catch (err) {
    reportError(err);
    return 1;
  }
}

/**
 * kafkajs 2.2.4 (unmaintained) schedules setTimeout(throttledUntil - Date.now()) with throttledUntil = -1,
 * which Node 24 reports as a TimeoutNegativeWarning on every run. It is harmless (Node uses 1 ms, which is
 * what kafkajs meant), so the CLI hides that one warning and prints all others as Node would.
 */
function quietKafkajsTimeoutWarning(): void {
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'TimeoutNegativeWarning') return;
    process.stderr.write(`(node:${process.pid}) ${warning.name}: ${warning.message}\n`);
  });
}

if (require.main === module) {
  quietKafkajsTimeoutWarning();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
      // Exit even if some library left a socket or timer behind: `up` must return to the test setup.
      setTimeout(() => process.exit(code), 200).unref();
    },
    (err: unknown) => {
      reportError(err);
      process.exit(1);
    },
  );
}
