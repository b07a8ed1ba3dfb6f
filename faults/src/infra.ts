import { KafkaCluster, ensurePostgres, stopPostgres, cacheDir } from '@chuishao/launcher';
import path from 'node:path';
import { Client } from 'pg';

/**
 * The suite's own Kafka and PostgreSQL: it kills and stops them, so it must never share them with
 * a developer's `npm start` or another test run. Own ports, own state folders (broker "faults", or
 * cluster "faults-cluster-<i>", and <cache>/faults/postgres) under the launcher's cache, where the
 * Kafka jars are.
 */
export interface FaultInfra {
  /** One broker (the first phase) or three (the cluster phase). */
  cluster: KafkaCluster;
  brokers: string;
  databaseUrl: string;
  pgPort: number;
  /** SIGKILL every broker (no controlled shutdown). */
  killBroker(): Promise<void>;
  startBroker(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  /** Stops Kafka only (the next phase brings up its own; stopFaultPostgres ends the suite). */
  stopKafka(): Promise<void>;
}

const DATABASE = 'chuishao_faults';

function portFrom(value: string | undefined, fallback: number): number {
  const port = Number(value);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : fallback;
}

export interface KafkaShape {
  /** 1: the broker "faults" on FAULTS_KAFKA_PORT; 3: the cluster "faults-cluster" on FAULTS_CLUSTER_PORT. */
  brokers: 1 | 3;
}

/** The suite's PostgreSQL: <cache>/faults/postgres/{data,logs}, neither the data nor the log of a developer's. */
function postgresOptions(log: (line: string) => void) {
  return {
    port: portFrom(process.env.FAULTS_PG_PORT, 39432),
    cacheDir: path.join(cacheDir(), 'faults'),
    // Without DATABASE_URL: the launcher would otherwise hand us that server, which we must not stop.
    env: { ...process.env, DATABASE_URL: '' },
    log: (m: string) => log(`[postgres] ${m}`),
  };
}

/** At the end of the suite: PostgreSQL outlives the phases, which each stop their own Kafka. */
export async function stopFaultPostgres(log: (line: string) => void): Promise<void> {
  await stopPostgres(postgresOptions(log)).catch(() => undefined);
}

export async function bringUpFaultInfra(
  log: (line: string) => void,
  shape: KafkaShape = { brokers: 1 },
): Promise<FaultInfra> {
  const single = shape.brokers === 1;
  const kafkaPort = single
    ? portFrom(process.env.FAULTS_KAFKA_PORT, 39092)
    : portFrom(process.env.FAULTS_CLUSTER_PORT, 39100);
  const cache = cacheDir();
  const pgOptions = postgresOptions(log);
  const { env, port: pgPort } = pgOptions;
  const cluster = new KafkaCluster({
    name: single ? 'faults' : 'faults-cluster',
    size: shape.brokers,
    port: kafkaPort,
    cacheDir: cache,
    env,
    // Three JVMs share two cores with the services: a small heap each is plenty for this load.
    heapOpts: [single ? '-Xmx384m' : '-Xmx256m'],
    // On a busy 2-core machine a restarted node of the cluster took over 60 s to load its logs and
    // catch up: give it time rather than SIGKILL it as a broker that never came up.
    startTimeoutMs: 180_000,
    log: (m) => log(`[kafka] ${m}`),
  });
  const stopKafka = async () => void (await cluster.stop().catch(() => undefined));
  let brokers: string;
  let databaseUrl: string;
  try {
    const [kafka, pg] = await Promise.all([cluster.start(), ensurePostgres(pgOptions)]);
    brokers = kafka.brokers;
    databaseUrl = await ensureDatabase(pg.databaseUrl, DATABASE);
  } catch (error) {
    // One node that failed to start must not leave its peers (and PostgreSQL) running after the
    // suite has exited: the next run would meet them on its ports.
    await stopKafka();
    await stopPostgres(pgOptions).catch(() => undefined);
    throw error;
  }
  return {
    cluster,
    brokers,
    databaseUrl,
    pgPort,
    killBroker: async () => void (await Promise.all(cluster.nodes.map((n) => n.kill()))),
    startBroker: async () => void (await cluster.start()),
    stopPostgres: async () => void (await stopPostgres(pgOptions)),
    startPostgres: async () => void (await ensurePostgres(pgOptions)),
    stopKafka,
  };
}

async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
