import { Kafka, logLevel } from 'kafkajs';

/**
 * Topics that test runs create: every test file namespaces its topics with a tag of its own
 * (`p1a2b3c4d.`, `e2e1a2b3c4d.`, `guard1a2b3c4d.`). Left behind, they pile up by the hundred per
 * run in whatever broker the tests used, and a broker holding thousands of partitions takes
 * minutes to start — so each run removes its leftovers.
 */
export const TEST_TOPIC = /^(p|e2e|guard)[0-9a-f]{8}\./;

export async function deleteTestTopics(brokers: string): Promise<number> {
  const admin = new Kafka({
    clientId: 'test-cleanup',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const leftovers = (await admin.listTopics()).filter((topic) => TEST_TOPIC.test(topic));
    for (let i = 0; i < leftovers.length; i += 200) {
      await admin.deleteTopics({ topics: leftovers.slice(i, i + 200), timeout: 30000 });
    }
    return leftovers.length;
  } finally {
    await admin.disconnect();
  }
}
