import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export interface TestInfrastructure {
  kafkaBrokers: string;
  /** The server's URL; tests use their own database on it (see testDatabaseUrl). */
  databaseUrl: string;
  source: { kafka: InfraSource; postgres: InfraSource };
  stop: () => Promise<void>;
}

export type InfraSource = 'env' | 'testcontainers' | 'launcher';

const run = promisify(execFile);

export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'nx.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (nx.json)');
    dir = parent;
  }
  return dir;
}

/** A Docker engine that answers (not merely a docker client on PATH). */
export async function dockerEngineAnswers(): Promise<boolean> {
  try {
    await run('docker', ['info', '--format', '{{.ServerVersion}}'], { timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function startWithTestcontainers(need: { kafka: boolean; postgres: boolean }) {
  const stops: Array<() => Promise<unknown>> = [];
  let kafkaBrokers: string | undefined;
  let databaseUrl: string | undefined;
  if (need.kafka) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    // Confluent's image in KRaft mode is what @testcontainers/kafka drives; 7.9 carries Kafka 3.9.
    const kafka = await new KafkaContainer('confluentinc/cp-kafka:7.9.0').withKraft().start();
    kafkaBrokers = `${kafka.getHost()}:${kafka.getMappedPort(9093)}`;
    stops.push(() => kafka.stop());
  }
  if (need.postgres) {
    const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
    const postgres = await new PostgreSqlContainer('postgres:17-alpine')
      .withDatabase('chuishao_test')
      .withUsername('postgres')
      .withPassword('postgres')
      .start();
    databaseUrl = postgres.getConnectionUri();
    stops.push(() => postgres.stop());
  }
  return { kafkaBrokers, databaseUrl, stop: async () => void (await Promise.all(stops.map((s) => s()))) };
}

interface LauncherAnswer {
  kafkaBrokers: string;
  databaseUrl: string;
  started: { kafka: boolean; postgres: boolean };
}

function launcherCli(): string {
  const cli = path.join(repoRoot(), 'deploy', 'launcher', 'dist', 'src', 'cli.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first (npm test does)`);
  return cli;
}

async function runLauncher(args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcherCli(), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(stdout) : reject(new Error(`launcher ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/**
 * `cli.js up` reads CHUISHAO_KAFKA_BROKERS from the environment it inherits: CHUISHAO_KAFKA_BROKERS=3
 * runs the tiers against a three-broker cluster (replication factor 3, min.insync.replicas 2).
 */
async function startWithLauncher(): Promise<LauncherAnswer & { stop: () => Promise<void> }> {
  const out = await runLauncher(['up', '--json'], process.env);
  const answer = JSON.parse(out.trim().split('\n').pop() ?? '{}') as LauncherAnswer;
  return {
    ...answer,
    // Stop only what this run started: a developer's `npm start` keeps its infrastructure.
    stop: async () => {
      const ours = [answer.started.kafka && 'kafka', answer.started.postgres && 'postgres'].filter(
        Boolean,
      ) as string[];
      if (ours.length > 0) await runLauncher(['down', ...ours], process.env);
    },
  };
}

/**
 * Where the integration and end-to-end tiers find Kafka and PostgreSQL, in this order:
 * KAFKA_BROKERS / DATABASE_URL when set; else containers when a Docker engine answers; else the
 * project's own launcher (deploy/launcher), which is what runs on machines without Docker.
 * CHUISHAO_TEST_INFRA=launcher|testcontainers forces one path; with the launcher,
 * CHUISHAO_KAFKA_BROKERS=3 makes it a three-broker cluster.
 */
export async function resolveTestInfrastructure(): Promise<TestInfrastructure> {
  const fromEnv = { kafka: process.env.KAFKA_BROKERS, postgres: process.env.DATABASE_URL };
  if (fromEnv.kafka && fromEnv.postgres) {
    return {
      kafkaBrokers: fromEnv.kafka,
      databaseUrl: fromEnv.postgres,
      source: { kafka: 'env', postgres: 'env' },
      stop: async () => undefined,
    };
  }
  const forced = process.env.CHUISHAO_TEST_INFRA;
  const useContainers =
    forced === 'testcontainers' || (forced !== 'launcher' && (await dockerEngineAnswers()));
  if (useContainers) {
    const started = await startWithTestcontainers({ kafka: !fromEnv.kafka, postgres: !fromEnv.postgres });
    return {
      kafkaBrokers: fromEnv.kafka ?? started.kafkaBrokers!,
      databaseUrl: fromEnv.postgres ?? started.databaseUrl!,
      source: {
        kafka: fromEnv.kafka ? 'env' : 'testcontainers',
        postgres: fromEnv.postgres ? 'env' : 'testcontainers',
      },
      stop: started.stop,
    };
  }
  const launched = await startWithLauncher();
  return {
    kafkaBrokers: fromEnv.kafka ?? launched.kafkaBrokers,
    databaseUrl: fromEnv.postgres ?? launched.databaseUrl,
    source: { kafka: fromEnv.kafka ? 'env' : 'launcher', postgres: fromEnv.postgres ? 'env' : 'launcher' },
    stop: launched.stop,
  };
}
