import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, readFileSync } from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { freePort, serviceNodeOptions } from '@chuishao/launcher';

export const ROOT = path.resolve(__dirname, '..', '..');

export interface Infra {
  kafkaBrokers: string;
  databaseUrl: string;
}

/**
 * Kafka and PostgreSQL as `npm start` gets them: KAFKA_BROKERS / DATABASE_URL when set, else the
 * launcher's (which starts what is not running). The bench writes to a database of its own.
 */
export async function bringUpInfra(): Promise<Infra> {
  let kafkaBrokers = process.env.KAFKA_BROKERS?.trim();
  let databaseUrl = process.env.DATABASE_URL?.trim();
  if (!kafkaBrokers || !databaseUrl) {
    const cli = spawnSync(
      process.execPath,
      [path.join(ROOT, 'deploy/launcher/dist/src/cli.js'), 'up', '--json'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    if (cli.status !== 0)
      throw new Error(`the launcher could not start Kafka and PostgreSQL (exit ${cli.status})`);
    const lines = cli.stdout.trim().split('\n');
    const up = JSON.parse(lines[lines.length - 1]) as Infra;
    kafkaBrokers ||= up.kafkaBrokers;
    databaseUrl ||= up.databaseUrl;
  }
  return { kafkaBrokers, databaseUrl: await ensureDatabase(databaseUrl, 'chuishao_bench') };
}

async function ensureDatabase(url: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: url });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const target = new URL(url);
  target.pathname = `/${name}`;
  return target.toString();
}

export function uniqueTag(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

/** Polls `check` until it answers a value, or fails after `timeoutMs` naming what it waited for. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | false | null | undefined>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface ServiceProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Peak resident set size so far (VmHWM), in MB. */
  peakRssMb(): number;
  /** CPU time (user + system) the process has used so far, in seconds. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

/** user + system CPU seconds of a process, from /proc/<pid>/stat (0 once it is gone). */
export function processCpuSeconds(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces; the fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15)
    return ticks / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** Every service process the bench started and that still runs: stopped if the bench is interrupted. */
const live = new Set<ChildProcess>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of live) child.kill('SIGKILL');
    process.exit(130);
  });
}

/** Starts a compiled service as `npm start` does, and waits until it is ready. */
export async function startServiceProcess(
  name: string,
  env: Record<string, string>,
  options: { readyTimeoutMs?: number; port?: number; nodeArgs?: string[]; logFile?: string } = {},
): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const main = path.join(ROOT, 'services', name, 'dist/src/main.js');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), main], {
    env: {
      ...process.env,
      // The V8 heap settings `npm start` gives every service: the memory figures are theirs.
      NODE_OPTIONS: serviceNodeOptions(process.env.NODE_OPTIONS),
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      CHUISHAO_DEV: '1', // the built-in development secret and keys
      ...env,
    },
    stdio: ['ignore', options.logFile ? 'pipe' : 'ignore', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (options.logFile) {
    // The service's own log lines, for looking into a slow or failing run.
    const file = createWriteStream(options.logFile, { flags: 'a' });
    child.stdout?.pipe(file);
    child.stderr?.pipe(file);
  }
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    `${name} to be ready at ${url}`,
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${stderr}`);
      return (await fetch(`${url}/health/ready`)).ok;
    },
    options.readyTimeoutMs ?? 60000,
  ).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw new Error(`${String(error)}\n${stderr}`);
  });
  return {
    name,
    url,
    child,
    peakRssMb: () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
        return Math.round(kb / 1024);
      } catch {
        return 0;
      }
    },
    cpuSeconds: () => processCpuSeconds(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 10000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Deletes the topics a bench run created (its own prefix), so the developer's broker stays small. */
export async function deleteTopics(brokers: string, prefix: string): Promise<void> {
  const { Kafka, logLevel } = await import('kafkajs');
  const admin = new Kafka({
    clientId: 'chuishao-bench',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(prefix));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30000 });
  } finally {
    await admin.disconnect();
  }
}
