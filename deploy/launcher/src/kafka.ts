import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

import {
  type ClusterNode,
  generateClusterId,
  KAFKA_CORE_JAR,
  KAFKA_VERSION,
  log4j2Properties,
  parseJavaMajorVersion,
  parseProperties,
  serverProperties,
} from './kafka-config';
import { cacheDir as defaultCacheDir, repoRoot } from './paths';
import {
  findOnPath,
  isOurProcess,
  LauncherError,
  MissingToolError,
  parsePort,
  portInUse,
  readFileOr,
  run,
  sleep,
  tailFile,
  tailText,
  waitForExit,
  withTimeout,
} from './proc';

export interface KafkaBrokerOptions {
  /** Names the state folder; a test can run a second broker ("outage") beside the default one. */
  name?: string;
  /** Client port. Default: env KAFKA_PORT, else 9092. */
  port?: number;
  /** KRaft controller port. Default: port + 1. */
  controllerPort?: number;
  /** Where config, pid file, data and logs live. Default: <cacheDir>/kafka/<name>. */
  stateDir?: string;
  /** Root of the launcher's cache (jars are shared by all brokers). Default: cacheDir(). */
  cacheDir?: string;
  /** JVM heap flags. Default: env KAFKA_HEAP_OPTS split on spaces, else ["-Xmx512m"]. */
  heapOpts?: string[];
  /** How long start() waits for the broker to answer. Default 60 s. */
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 30 s. */
  stopTimeoutMs?: number;
  /** Progress messages (default: stderr). */
  log?: (message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** node.id and the quorum when the broker is one node of a cluster (see KafkaCluster). */
  nodeId?: number;
  voters?: readonly ClusterNode[];
  /** The cluster id every node of a cluster formats its storage with. Default: a new one. */
  clusterId?: string;
}

export interface KafkaStartResult {
  /** false when an already running broker of ours was reused. */
  started: boolean;
  pid: number;
  brokers: string;
}

const HOST = '127.0.0.1';
const MIN_JAVA = 17;
const MAVEN_TIMEOUT_MS = 15 * 60_000;

/**
 * The fetch under way per libs folder, in this process. A cluster starts its nodes at once, and
 * their fetches would share one private folder (named by the pid) and wipe each other's files.
 */
const fetchesUnderWay = new Map<string, Promise<string>>();

export function defaultKafkaPort(env: NodeJS.ProcessEnv = process.env): number {
  return parsePort(env.KAFKA_PORT, 'KAFKA_PORT') ?? 9092;
}

/**
 * A single-node Kafka (KRaft) broker running as a detached JVM, so it outlives the launcher process:
 * `cli.js up` exits and tests/services keep using it until `cli.js down`.
 */
export class KafkaBroker {
  readonly name: string;
  readonly port: number;
  readonly controllerPort: number;
  readonly stateDir: string;
  readonly libsDir: string;
  private readonly cacheRoot: string;
  private readonly heapOpts: string[];
  private readonly startTimeoutMs: number;
  private readonly stopTimeoutMs: number;
  private readonly log: (message: string) => void;
  private readonly env: NodeJS.ProcessEnv;
  readonly nodeId: number;
  private readonly voters: readonly ClusterNode[] | undefined;
  private readonly clusterId: string | undefined;

  constructor(options: KafkaBrokerOptions = {}) {
    this.env = options.env ?? process.env;
    this.name = options.name ?? 'kafka';
    if (!/^[A-Za-z0-9._-]+$/.test(this.name)) throw new LauncherError(`invalid broker name "${this.name}"`);
    this.port = options.port ?? defaultKafkaPort(this.env);
    this.controllerPort = options.controllerPort ?? this.port + 1;
    this.cacheRoot = options.cacheDir ?? defaultCacheDir(this.env);
    this.stateDir = path.resolve(options.stateDir ?? path.join(this.cacheRoot, 'kafka', this.name));
    this.libsDir = path.join(this.cacheRoot, 'kafka', KAFKA_VERSION, 'libs');
    const heapFromEnv = this.env.KAFKA_HEAP_OPTS?.trim();
    this.heapOpts = options.heapOpts ?? (heapFromEnv ? heapFromEnv.split(/\s+/) : ['-Xmx512m']);
    this.startTimeoutMs = options.startTimeoutMs ?? 60_000;
    this.stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
    this.log = options.log ?? ((message) => process.stderr.write(`[launcher] ${message}\n`));
    this.nodeId = options.nodeId ?? 1;
    this.voters = options.voters;
    this.clusterId = options.clusterId;
  }

  /** Bootstrap servers for clients, e.g. "127.0.0.1:9092". */
  get brokers(): string {
    return `${HOST}:${this.port}`;
  }
  get pidFile(): string {
    return path.join(this.stateDir, 'kafka.pid');
  }
  get serverPropertiesFile(): string {
    return path.join(this.stateDir, 'server.properties');
  }
  get dataDir(): string {
    return path.join(this.stateDir, 'data');
  }
  get serverLog(): string {
    return path.join(this.stateDir, 'logs', 'server.log');
  }
  /** JVM stdout/stderr: crashes before log4j is up (bad flags, out of memory) end up here. */
  get consoleLog(): string {
    return path.join(this.stateDir, 'logs', 'console.log');
  }

  /** The pid of our broker if its pid file names a live JVM started with our server.properties. */
  runningPid(): number | undefined {
    const pid = Number.parseInt(readFileOr(this.pidFile, ''), 10);
    return Number.isInteger(pid) && isOurProcess(pid, this.serverPropertiesFile) ? pid : undefined;
  }

  async isRunning(): Promise<boolean> {
    return this.runningPid() !== undefined;
  }

  /** The client port in the last written server.properties (the one a running broker was started with). */
  configuredPort(): number | undefined {
    const listeners = parseProperties(readFileOr(this.serverPropertiesFile, '')).get('listeners') ?? '';
    const port = Number(/PLAINTEXT:\/\/[^,]*:(\d+)/.exec(listeners)?.[1]);
    return Number.isInteger(port) ? port : undefined;
  }

  /** One describeCluster() round trip: true when the broker answers on its client port. */
  async isReady(timeoutMs = 5_000): Promise<boolean> {
    return probeKafka(this.brokers, timeoutMs);
  }

  /** Makes sure the Kafka jars are in the cache, fetching them with Maven on first use. */
  async ensureJars(): Promise<string> {
    if (existsSync(path.join(this.libsDir, KAFKA_CORE_JAR))) return this.libsDir;
    const underWay = fetchesUnderWay.get(this.libsDir);
    if (underWay) return underWay;
    const fetching = this.fetchJars().finally(() => fetchesUnderWay.delete(this.libsDir));
    fetchesUnderWay.set(this.libsDir, fetching);
    return fetching;
  }

  private async fetchJars(): Promise<string> {
    const mvn = findOnPath(process.platform === 'win32' ? 'mvn.cmd' : 'mvn', this.env);
    if (!mvn) {
      throw new MissingToolError(
        'mvn',
        `Maven ("mvn") is not installed, and it is needed once to fetch Kafka ${KAFKA_VERSION} from Maven Central ` +
          `into ${this.libsDir}.\nInstall it and run again: "sudo apt-get install maven" (Debian/Ubuntu), ` +
          `"brew install maven" (macOS), or see https://maven.apache.org/install.html.`,
      );
    }
    // Maven runs on Java; checking first gives the clearer message.
    await this.javaCommand();
    const pom = path.join(repoRoot(), 'deploy', 'kafka', 'pom.xml');
    const versionDir = path.dirname(this.libsDir);
    mkdirSync(versionDir, { recursive: true });
    // Fetch into a private folder and rename at the end: an interrupted fetch never leaves a
    // half-filled libs folder that would later look complete.
    const tmpDir = `${this.libsDir}.tmp-${process.pid}`;
    rmSync(tmpDir, { recursive: true, force: true });
    this.log(
      `fetching Kafka ${KAFKA_VERSION} jars with Maven into ${this.libsDir} (first run only, ~55 MB)...`,
    );
    const started = Date.now();
    const heartbeat = setInterval(
      () => this.log(`  still fetching (${Math.round((Date.now() - started) / 1000)} s)...`),
      15_000,
    );
    let result;
    try {
      result = await run(
        mvn,
        [
          '-q',
          '-B',
          '-f',
          pom,
          'dependency:copy-dependencies',
          '-DincludeScope=runtime',
          `-DoutputDirectory=${tmpDir}`,
        ],
        { timeoutMs: MAVEN_TIMEOUT_MS, env: this.env },
      );
    } finally {
      clearInterval(heartbeat);
    }
    writeFileSync(path.join(versionDir, 'maven.log'), result.output);
    if (result.code !== 0 || !existsSync(path.join(tmpDir, KAFKA_CORE_JAR))) {
      rmSync(tmpDir, { recursive: true, force: true });
      const why = result.timedOut
        ? `did not finish within ${MAVEN_TIMEOUT_MS / 60_000} min`
        : `failed (exit ${result.code})`;
      throw new LauncherError(
        `Maven ${why} fetching Kafka ${KAFKA_VERSION}. Is Maven Central reachable (proxy settings live in ` +
          `~/.m2/settings.xml)? Full output: ${path.join(versionDir, 'maven.log')}\n${tailText(result.output, 20)}`,
      );
    }
    try {
      rmSync(this.libsDir, { recursive: true, force: true });
      renameSync(tmpDir, this.libsDir);
    } catch (err) {
      // A concurrent launcher may have finished first; its copy is as good as ours.
      rmSync(tmpDir, { recursive: true, force: true });
      if (!existsSync(path.join(this.libsDir, KAFKA_CORE_JAR))) throw err;
    }
    this.log(`fetched Kafka jars in ${Math.round((Date.now() - started) / 1000)} s`);
    return this.libsDir;
  }

  /**
   * Starts the broker, or reuses ours when it already runs (safe to call twice). Resolves once a
   * client can talk to it. start() after kill() restarts on the same data.
   */
  async start(): Promise<KafkaStartResult> {
    const existing = this.runningPid();
    if (existing !== undefined) {
      const runningPort = this.configuredPort();
      if (runningPort !== undefined && runningPort !== this.port) {
        throw new LauncherError(
          `Kafka "${this.name}" already runs on port ${runningPort} (pid ${existing}), not ${this.port}. ` +
            `Stop it first ("node deploy/launcher/dist/src/cli.js down") or use the same KAFKA_PORT.`,
        );
      }
      this.log(`Kafka "${this.name}" already running (pid ${existing}) on ${this.brokers}; reusing it`);
      await this.waitUntilReady(existing, Date.now() + this.startTimeoutMs, false);
      return { started: false, pid: existing, brokers: this.brokers };
    }
    rmSync(this.pidFile, { force: true });

    for (const [port, what] of [
      [this.port, 'Kafka'],
      [this.controllerPort, 'the Kafka controller'],
    ] as const) {
      if (await portInUse(port, HOST)) {
        throw new LauncherError(
          `port ${port} is in use by another process (wanted for ${what} "${this.name}"). ` +
            `Stop that process, or choose another port: KAFKA_PORT=<port> (the controller takes <port>+1).`,
        );
      }
    }

    const java = await this.javaCommand();
    const libs = await this.ensureJars();
    mkdirSync(this.dataDir, { recursive: true });
    mkdirSync(path.dirname(this.serverLog), { recursive: true });
    writeFileSync(
      this.serverPropertiesFile,
      serverProperties({
        port: this.port,
        controllerPort: this.controllerPort,
        dataDir: this.dataDir,
        nodeId: this.nodeId,
        voters: this.voters,
      }),
    );
    const log4jFile = path.join(this.stateDir, 'log4j2.properties');
    writeFileSync(log4jFile, log4j2Properties(this.serverLog));
    const classpath = `${libs}${path.sep}*`; // java expands the wildcard itself; no shell involved

    if (!existsSync(path.join(this.dataDir, 'meta.properties'))) await this.format(java, classpath);

    this.log(`starting Kafka "${this.name}" on ${this.brokers} (logs: ${this.serverLog})`);
    const out = openSync(this.consoleLog, 'a');
    let pid: number | undefined;
    try {
      const child = spawn(
        java,
        [
          ...this.heapOpts,
          // Fail fast instead of limping on with a half-dead broker; the launcher reports it.
          '-XX:+ExitOnOutOfMemoryError',
          '-Djava.awt.headless=true',
          `-Dlog4j2.configurationFile=${log4jFile}`,
          `-Dkafka.logs.dir=${path.dirname(this.serverLog)}`,
          '-cp',
          classpath,
          'kafka.Kafka',
          this.serverPropertiesFile,
        ],
        // detached: own process group, so Ctrl-C in the terminal running `npm start` does not reach the
        // broker (the launcher stops it in order), and it survives `cli.js up` exiting.
        { detached: true, stdio: ['ignore', out, out], cwd: this.stateDir, env: this.env },
      );
      pid = child.pid;
      child.unref();
    } finally {
      closeSync(out);
    }
    if (pid === undefined) throw new LauncherError(`could not spawn ${java}; see ${this.consoleLog}`);
    writeFileSync(this.pidFile, `${pid}\n`);
    await this.waitUntilReady(pid, Date.now() + this.startTimeoutMs, true);
    await this.warmGroupCoordinator();
    return { started: true, pid, brokers: this.brokers };
  }

  /** SIGTERM (controlled shutdown), SIGKILL after stopTimeoutMs. Resolves false when nothing ran. */
  async stop(): Promise<boolean> {
    const pid = this.runningPid();
    if (pid === undefined) {
      rmSync(this.pidFile, { force: true });
      return false;
    }
    this.log(`stopping Kafka "${this.name}" (pid ${pid})...`);
    signal(pid, 'SIGTERM');
    if (!(await waitForExit(pid, this.stopTimeoutMs))) {
      this.log(`Kafka "${this.name}" did not stop within ${this.stopTimeoutMs / 1000} s; killing it`);
      signal(pid, 'SIGKILL');
      await waitForExit(pid, 10_000);
    }
    rmSync(this.pidFile, { force: true });
    await this.waitForPortsFree();
    return true;
  }

  /** SIGKILL at once, like a crash (outage tests). Data stays; start() brings the broker back. */
  async kill(): Promise<boolean> {
    const pid = this.runningPid();
    if (pid === undefined) return false;
    signal(pid, 'SIGKILL');
    await waitForExit(pid, 10_000);
    rmSync(this.pidFile, { force: true });
    await this.waitForPortsFree();
    return true;
  }

  /**
   * SIGSTOP: the JVM freezes with its sockets open, as a broker cut off by the network would look to
   * the others (fault tests). resume() sends SIGCONT.
   */
  pause(): boolean {
    const pid = this.runningPid();
    if (pid !== undefined) signal(pid, 'SIGSTOP');
    return pid !== undefined;
  }

  resume(): boolean {
    const pid = this.runningPid();
    if (pid !== undefined) signal(pid, 'SIGCONT');
    return pid !== undefined;
  }

  /** So that a start() right after stop()/kill() does not mistake our own dying JVM for "another process". */
  private async waitForPortsFree(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((await portInUse(this.port, HOST)) || (await portInUse(this.controllerPort, HOST))) {
      if (Date.now() >= deadline) return;
      await sleep(100);
    }
  }

  /** `java`, from JAVA_HOME when set, checked to be Java 17+ (Kafka 4 needs it). */
  private async javaCommand(): Promise<string> {
    const javaName = process.platform === 'win32' ? 'java.exe' : 'java';
    const fromHome = this.env.JAVA_HOME ? path.join(this.env.JAVA_HOME, 'bin', javaName) : undefined;
    const java = fromHome && existsSync(fromHome) ? fromHome : findOnPath(javaName, this.env);
    if (!java) {
      throw new MissingToolError(
        'java',
        `Java is not installed, and Kafka ${KAFKA_VERSION} needs Java ${MIN_JAVA} or newer.\nInstall a JDK/JRE and run ` +
          `again: "sudo apt-get install openjdk-17-jre-headless" (Debian/Ubuntu), "brew install openjdk@17" ` +
          `(macOS), or https://adoptium.net; or set JAVA_HOME to an installed one.`,
      );
    }
    const result = await run(java, ['-version'], { timeoutMs: 30_000, env: this.env });
    const major = parseJavaMajorVersion(result.output);
    if (result.code !== 0 || major === undefined) {
      throw new LauncherError(`"${java} -version" failed:\n${tailText(result.output, 10)}`);
    }
    if (major < MIN_JAVA) {
      throw new LauncherError(
        `${java} is Java ${major}; Kafka ${KAFKA_VERSION} needs Java ${MIN_JAVA} or newer. ` +
          `Install a newer JDK and put it first on PATH or set JAVA_HOME.`,
      );
    }
    return java;
  }

  /** Formats the KRaft storage once (the data dir keeps meta.properties afterwards). */
  private async format(java: string, classpath: string): Promise<void> {
    const idFile = path.join(this.stateDir, 'cluster-id');
    let clusterId = readFileOr(idFile, '').trim();
    if (!clusterId) {
      clusterId = this.clusterId ?? generateClusterId();
      writeFileSync(idFile, `${clusterId}\n`);
    }
    this.log(`formatting Kafka storage in ${this.dataDir} (cluster id ${clusterId})`);
    const result = await run(
      java,
      [
        '-cp',
        classpath,
        'kafka.tools.StorageTool',
        'format',
        // A cluster's static voters are in server.properties; a single node bootstraps itself.
        ...(this.voters && this.voters.length > 0 ? [] : ['--standalone']),
        '--ignore-formatted',
        '-t',
        clusterId,
        '-c',
        this.serverPropertiesFile,
      ],
      { timeoutMs: 120_000, cwd: this.stateDir, env: this.env },
    );
    writeFileSync(path.join(this.stateDir, 'logs', 'format.log'), result.output);
    if (result.code !== 0) {
      throw new LauncherError(
        `formatting Kafka storage failed (exit ${result.code}):\n${tailText(result.output, 20)}`,
      );
    }
  }

  private async waitUntilReady(pid: number, deadline: number, startedByUs: boolean): Promise<void> {
    for (;;) {
      if (!isOurProcess(pid, this.serverPropertiesFile)) {
        rmSync(this.pidFile, { force: true });
        throw new LauncherError(
          `Kafka "${this.name}" (pid ${pid}) exited during startup.\n${this.logTail()}`,
        );
      }
      if (await this.isReady(Math.min(5_000, Math.max(1_000, deadline - Date.now())))) return;
      if (Date.now() >= deadline) {
        if (startedByUs) {
          // Do not leave a broker behind that never came up; the next start begins clean.
          signal(pid, 'SIGKILL');
          await waitForExit(pid, 10_000);
          rmSync(this.pidFile, { force: true });
        }
        throw new LauncherError(
          `Kafka "${this.name}" (pid ${pid}) did not answer on ${this.brokers} within ` +
            `${Math.round(this.startTimeoutMs / 1000)} s.\n${this.logTail()}`,
        );
      }
      await sleep(500);
    }
  }

  /**
   * Right after a fresh start the first consumer group triggers creation of __consumer_offsets, and
   * clients log "coordinator is loading" while it loads. Asking for a group's coordinator once here
   * does that work up front. Best effort: a failure only means clients retry as they would anyway.
   */
  private async warmGroupCoordinator(): Promise<void> {
    const admin = new Kafka({
      clientId: 'chuishao-launcher',
      brokers: [this.brokers],
      logLevel: logLevel.NOTHING,
      retry: { retries: 10, initialRetryTime: 200, maxRetryTime: 2_000 },
    }).admin();
    try {
      await withTimeout(
        (async () => {
          await admin.connect();
          await admin.describeGroups(['chuishao-launcher-warmup']);
        })(),
        20_000,
      );
    } catch {
      // see above
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }

  /** The last lines of the broker's logs, for error messages. */
  logTail(lines = 30): string {
    const parts: string[] = [];
    const server = tailFile(this.serverLog, lines);
    if (server) parts.push(`--- last lines of ${this.serverLog} ---\n${server}`);
    const consoleOut = tailFile(this.consoleLog, lines);
    if (consoleOut) parts.push(`--- last lines of ${this.consoleLog} ---\n${consoleOut}`);
    return parts.length > 0 ? parts.join('\n') : `(no log output in ${path.dirname(this.serverLog)})`;
  }
}

/** One admin describeCluster() against `brokers`; false on any error or after timeoutMs. */
export async function probeKafka(brokers: string, timeoutMs = 5_000): Promise<boolean> {
  const admin = new Kafka({
    clientId: 'chuishao-launcher-probe',
    brokers: brokers.split(','),
    // Expected failures while the broker boots; kafkajs would print each to stdout otherwise.
    logLevel: logLevel.NOTHING,
    connectionTimeout: Math.min(timeoutMs, 3_000),
    requestTimeout: timeoutMs,
    retry: { retries: 0 },
  }).admin();
  try {
    await withTimeout(
      (async () => {
        await admin.connect();
        await admin.describeCluster();
      })(),
      timeoutMs,
    );
    return true;
  } catch {
    return false;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
