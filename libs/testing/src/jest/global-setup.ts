import { resolveTestInfrastructure, type TestInfrastructure } from '../infrastructure';
import { prepareTestDatabase } from '../test-database';

declare global {
  var __chuishaoInfrastructure: TestInfrastructure | undefined;
}

/** Finds or starts Kafka and PostgreSQL once per test run; workers inherit the env it sets. */
export default async function globalSetup(): Promise<void> {
  if (globalThis.__chuishaoInfrastructure) return; // int and e2e tiers in one run share it
  const started = Date.now();
  const infrastructure = await resolveTestInfrastructure();
  globalThis.__chuishaoInfrastructure = infrastructure;
  process.env.KAFKA_BROKERS = infrastructure.kafkaBrokers;
  process.env.DATABASE_URL = await prepareTestDatabase(
    infrastructure.databaseUrl,
    infrastructure.source.postgres !== 'env',
  );
  process.env.CHUISHAO_TEST_RUN = '1';
  // Tests run on the built-in development secret and keys, which only this switch allows.
  process.env.CHUISHAO_DEV = '1';
  process.stderr.write(
    `\n[test infrastructure] kafka ${infrastructure.kafkaBrokers} (${infrastructure.source.kafka}), ` +
      `postgres (${infrastructure.source.postgres}) ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
  );
}
