import { deleteTestTopics } from '../topic-cleanup';

export default async function globalTeardown(): Promise<void> {
  const infrastructure = globalThis.__chuishaoInfrastructure;
  globalThis.__chuishaoInfrastructure = undefined;
  // A broker named by KAFKA_BROKERS may be shared with other runs still going: their topics are not
  // ours to delete (deleting them broke those runs mid-way). Only a broker this run started is swept.
  if (infrastructure && infrastructure.source.kafka !== 'env') {
    // Best effort: a cleanup that fails must not turn a green run red, but it says so.
    await deleteTestTopics(infrastructure.kafkaBrokers)
      .then(
        (count) => count > 0 && process.stderr.write(`[test infrastructure] deleted ${count} test topics\n`),
      )
      .catch((error: unknown) =>
        process.stderr.write(`[test infrastructure] could not delete test topics: ${String(error)}\n`),
      );
  }
  await infrastructure?.stop();
}
