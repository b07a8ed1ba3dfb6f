import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';

export interface TopicRecord {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export function kafkaClient(brokers: string, clientId: string): Kafka {
  process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';
  return new Kafka({
    clientId,
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    retry: { retries: 3 },
  });
}

export async function withAdmin<T>(brokers: string, use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkaClient(brokers, 'faults-admin').admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Reads whole topics, from the first offset to the high watermark each had when the read began. */
export async function readTopics(
  brokers: string,
  topics: string[],
  timeoutMs = 60_000,
): Promise<TopicRecord[]> {
  const existing = await withAdmin(brokers, (admin) => admin.listTopics());
  const present = topics.filter((t) => existing.includes(t));
  if (present.length === 0) return [];
  const ends = new Map<string, bigint>();
  await withAdmin(brokers, async (admin) => {
    for (const topic of present) {
      for (const p of await admin.fetchTopicOffsets(topic))
        ends.set(`${topic}/${p.partition}`, BigInt(p.high));
    }
  });
  const remaining = new Set([...ends].filter(([, high]) => high > 0n).map(([k]) => k));
  const records: TopicRecord[] = [];
  if (remaining.size === 0) return records;
  const group = `faults-reader-${Math.random().toString(36).slice(2)}`;
  const consumer = kafkaClient(brokers, group).consumer({ groupId: group, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: present, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`reading ${present.join(', ')} took over ${timeoutMs} ms`)),
        timeoutMs,
      );
      consumer
        .run({
          eachMessage: async ({ topic, partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [k, v] of Object.entries(message.headers ?? {}))
              if (v !== undefined) headers[k] = String(v);
            records.push({
              topic,
              partition,
              offset: message.offset,
              key: message.key?.toString() ?? null,
              value: message.value?.toString('utf8') ?? '',
              headers,
            });
            const k = `${topic}/${partition}`;
            if (BigInt(message.offset) + 1n >= (ends.get(k) ?? 0n)) remaining.delete(k);
            if (remaining.size === 0) {
              clearTimeout(timer);
              resolve();
            }
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
  return records;
}

/** Total lag of a consumer group over the topics it consumes (those it has committed offsets on). */
export async function consumerLag(admin: Admin, groupId: string, topics: string[]): Promise<number> {
  let lag = 0;
  const committed = await admin.fetchOffsets({ groupId, topics });
  for (const { topic, partitions } of committed) {
    // A topic with no committed offset at all is one the group does not consume.
    if (partitions.every((p) => BigInt(p.offset) < 0n)) continue;
    const high = new Map(
      (await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, BigInt(p.high)] as const),
    );
    for (const p of partitions) {
      const end = high.get(p.partition) ?? 0n;
      // -1: nothing committed yet; everything on the partition is still to be read.
      const at = BigInt(p.offset) < 0n ? 0n : BigInt(p.offset);
      if (end > at) lag += Number(end - at);
    }
  }
  return lag;
}

/** Consumer groups (of those given) whose live members subscribe to the topic. */
export async function groupsSubscribed(admin: Admin, topic: string, groups: string[]): Promise<string[]> {
  const { groups: described } = await admin.describeGroups(groups);
  return described
    .filter((g) =>
      g.members.some((m) => {
        try {
          return AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.topics.includes(topic) ?? false;
        } catch {
          return false;
        }
      }),
    )
    .map((g) => g.groupId);
}
