import { spawn } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  openSync,
  readFileSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/** An error whose message is meant for a person: the CLI prints it without a stack trace. */
export class LauncherError extends Error {
  override readonly name: string = 'LauncherError';
}

/** A required program (java, mvn) is not installed; the message says how to install it. */
export class MissingToolError extends LauncherError {
  override readonly name: string = 'MissingToolError';
  constructor(
    readonly tool: string,
    message: string,
  ) {
    super(message);
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * True while `pid` names a live process. A zombie counts as dead: a broker we spawned from this very
 * Node process (tests) stays a zombie until Node reaps it, and kill(pid, 0) still succeeds on zombies.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    // EPERM: it exists but belongs to another user (postgres runs as the postgres user).
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const state = /^State:\s+(\S)/m.exec(status)?.[1];
    if (state !== 'Z' && state !== 'X') return true;
    // A multi-threaded process (the JVM) shows its main thread as a zombie while the other threads are
    // still exiting, and it keeps its sockets until the last one is gone. Only a lone zombie is dead.
    const threads = Number(/^Threads:\s+(\d+)/m.exec(status)?.[1] ?? '1');
    return threads > 1;
  } catch {
    // No /proc (macOS) or the process vanished between the two checks.
    return existsSync('/proc') ? false : true;
  }
}

/**
 * The argv of a process, or undefined where /proc is unavailable. Used to make sure a pid from a pid
 * file still belongs to our broker/postmaster before we reuse or signal it (pids get recycled).
 */
export function commandLine(pid: number): string[] | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      .split('\0')
      .filter((part) => part !== '');
  } catch {
    return undefined;
  }
}

/** True when `pid` is alive and (where we can tell) its argv mentions `marker`. */
export function isOurProcess(pid: number, marker: string): boolean {
  if (!isAlive(pid)) return false;
  const argv = commandLine(pid);
  if (argv === undefined) return !existsSync('/proc');
  // An empty command line is a process between exec()s (the java launcher re-executes itself):
  // alive, and not yet telling. Taken for "exited", it failed a three-broker start in CI.
  if (argv.length === 0) return true;
  return argv.some((arg) => arg.includes(marker));
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await sleep(100);
  }
  return true;
}

/**
 * Whether something already holds `port` on 127.0.0.1. We try to bind rather than to connect: a bind
 * also notices listeners on 0.0.0.0/:: and sockets that do not accept yet. Node sets SO_REUSEADDR, so
 * TIME_WAIT leftovers of a broker we just stopped do not count as "in use".
 */
export function portInUse(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', (err: NodeJS.ErrnoException) =>
      resolve(err.code === 'EADDRINUSE' || err.code === 'EACCES'),
    );
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(false)));
  });
}

/**
 * A port nothing listens on now, as the system picks it when it binds port 0 on 127.0.0.1: for a
 * process about to be started on it (a small race remains until that process binds it).
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** The last `lines` lines of a text file, or '' when it does not exist. */
export function tailFile(file: string, lines = 40): string {
  try {
    const text = readFileSync(file, 'utf8');
    return tailText(text, lines);
  } catch {
    return '';
  }
}

export function tailText(text: string, lines: number): string {
  const all = text.replace(/\s+$/, '').split(/\r?\n/);
  return all.slice(Math.max(0, all.length - lines)).join('\n');
}

/** Finds an executable on PATH (like `which`), without spawning anything. */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface RunOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
  /** Kill the command (SIGKILL) after this long, so a stuck tool never hangs the launcher. */
  timeoutMs: number;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** stdout and stderr interleaved, as the tool printed them. */
  output: string;
}

/** Runs a short-lived command to completion, collecting its output. Never rejects for a non-zero exit. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      uid: options.uid,
      gid: options.gid,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, timedOut, output });
    });
  });
}

/**
 * Runs `fn` while holding an exclusive lock file. Two launchers (say `npm start` and a test run)
 * starting at once would otherwise both find "nothing running" and race to start the same broker.
 * A lock left by a dead process is taken over.
 */
export async function withLock<T>(
  lockFile: string,
  fn: () => Promise<T>,
  log: (message: string) => void,
  timeoutMs = 180_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let announced = false;
  for (;;) {
    try {
      const fd = openSync(lockFile, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = Number.parseInt(readFileOr(lockFile, ''), 10);
      if (!Number.isInteger(holder) || !isAlive(holder) || holder === process.pid) {
        // Stale (holder died) or half-written lock: remove and retry. If another launcher wins the
        // retry, we simply wait for it like for any other holder.
        try {
          unlinkSync(lockFile);
        } catch {
          // someone else removed it first
        }
        await sleep(Math.random() * 100);
        continue;
      }
      if (Date.now() >= deadline) {
        throw new LauncherError(
          `another launcher (pid ${holder}) has held ${lockFile} for over ${Math.round(timeoutMs / 1000)} s; ` +
            `if it is stuck, stop it or delete the lock file`,
        );
      }
      if (!announced) {
        log(`waiting for another launcher (pid ${holder}) to finish...`);
        announced = true;
      }
      await sleep(250);
    }
  }
  try {
    return await fn();
  } finally {
    try {
      if (readFileOr(lockFile, '') === String(process.pid)) unlinkSync(lockFile);
    } catch {
      // already gone
    }
  }
}

export function readFileOr(file: string, fallback: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** Rejects after `ms`. The losing promise's later rejection is swallowed so it cannot crash the process. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  promise.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A port from an env variable; undefined when unset, a LauncherError naming the variable when invalid. */
export function parsePort(value: string | undefined, variable: string): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new LauncherError(`${variable}=${value} is not a valid port (1-65535)`);
  }
  return port;
}
