import { KafkaBroker, ensurePostgres, stopPostgres, cacheDir } from '@chuishao/launcher';
import path from 'node:path';
import { Client } from 'pg';

/**
 * The suite's own Kafka broker and PostgreSQL cluster: it kills and stops them, so it must never
 * share them with a developer's `npm start` or another test run. Own ports, own state folders
 * (broker "faults", <cache>/faults/postgres) under the launcher's cache, where the Kafka jars are.
 */
export interface FaultInfra {
  broker: KafkaBroker;
  brokers: string;
  databaseUrl: string;
  pgPort: number;
  /** SIGKILL the broker (no controlled shutdown). */
  killBroker(): Promise<void>;
  startBroker(): Promise<void>;
  stopPostgres(): Promise<void>;
  startPostgres(): Promise<void>;
  down(): Promise<void>;
}

const DATABASE = 'chuishao_faults';

function portFrom(value: string | undefined, fallback: number): number {
  const port = Number(value);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : fallback;
}

export async function bringUpFaultInfra(log: (line: string) => void): Promise<FaultInfra> {
  const kafkaPort = portFrom(process.env.FAULTS_KAFKA_PORT, 39092);
  const pgPort = portFrom(process.env.FAULTS_PG_PORT, 39432);
  const cache = cacheDir();
  // Without DATABASE_URL: the launcher would otherwise hand us that server, which we must not stop.
  const env = { ...process.env, DATABASE_URL: '' };
  // <cache>/faults/postgres/{data,logs}: neither the data nor the log file of the developer's cluster.
  const pgOptions = {
    port: pgPort,
    cacheDir: path.join(cache, 'faults'),
    env,
    log: (m: string) => log(`[postgres] ${m}`),
  };
  const broker = new KafkaBroker({
    name: 'faults',
    port: kafkaPort,
    cacheDir: cache,
    env,
    heapOpts: ['-Xmx384m'],
    log: (m) => log(`[kafka] ${m}`),
  });
  const [{ brokers }, pg] = await Promise.all([broker.start(), ensurePostgres(pgOptions)]);
  const databaseUrl = await ensureDatabase(pg.databaseUrl, DATABASE);
  return {
    broker,
    brokers,
    databaseUrl,
    pgPort,
    killBroker: async () => void (await broker.kill()),
    startBroker: async () => void (await broker.start()),
    stopPostgres: async () => void (await stopPostgres(pgOptions)),
    startPostgres: async () => void (await ensurePostgres(pgOptions)),
    down: async () => {
      await broker.stop().catch(() => undefined);
      await stopPostgres(pgOptions).catch(() => undefined);
    },
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
