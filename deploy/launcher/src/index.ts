/**
 * @chuishao/launcher: local infrastructure for development and tests. The test setup uses the CLI
 * (`cli.js up --json` / `down`); tests that need a broker of their own (outage tests) use KafkaBroker.
 */
export { KafkaBroker, defaultKafkaPort, probeKafka } from './kafka';
export type { KafkaBrokerOptions, KafkaStartResult } from './kafka';
export { KafkaCluster } from './kafka-cluster';
export type { KafkaClusterOptions } from './kafka-cluster';
export { KAFKA_VERSION, clusterLayout, replicationFor } from './kafka-config';
export {
  ensurePostgres,
  stopPostgres,
  embeddedPostgresStatus,
  embeddedDatabaseUrl,
  DATABASE_NAME,
} from './postgres';
export type { PostgresOptions, PostgresResult, EmbeddedPostgresStatus } from './postgres';
export { cacheDir, repoRoot } from './paths';
export { SERVICES, SERVICE_NODE_OPTIONS, resolveServices, serviceEnv, serviceNodeOptions } from './services';
export type { ServiceDefinition, ResolvedService, Infrastructure } from './services';
export { LauncherError, MissingToolError, freePort } from './proc';
