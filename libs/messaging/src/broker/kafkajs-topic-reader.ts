import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import type { IncomingRecord } from './broker';

/**
 * Reads a topic from its first retained message to its end as of the call, for operators' tools
 * (the dead-letter command). A throwaway consumer group, deleted afterwards, so no service's
 * committed offsets are touched.
 */
export async function readTopicToEnd(
  brokers: string[],
  topic: string,
  timeoutMs = 60_000,
): Promise<IncomingRecord[]> {
  const kafka = new Kafka({ clientId: 'chuishao-topic-reader', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const groupId = `chuishao-topic-reader-${randomUUID()}`;
  const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false });
  try {
    const ends = await admin.fetchTopicOffsets(topic);
    const pending = new Map(
      ends.filter((p) => BigInt(p.high) > BigInt(p.low)).map((p) => [p.partition, BigInt(p.high) - 1n]),
    );
    if (pending.size === 0) return [];
    const records: IncomingRecord[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const last = pending.get(partition);
        if (last === undefined) return;
        records.push({
          topic,
          partition,
          offset: message.offset,
          key: message.key ? message.key.toString('utf8') : null,
          value: message.value,
          headers: Object.fromEntries(
            Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(Array.isArray(v) ? v[0] : v)]),
          ),
        });
        if (BigInt(message.offset) >= last) pending.delete(partition);
        if (pending.size === 0) done();
      },
    });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      finished,
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`reading ${topic} took over ${timeoutMs} ms`)), timeoutMs);
      }),
    ]).finally(() => clearTimeout(timer));
    return records.sort((a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)));
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await admin.deleteGroups([groupId]).catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}
