import type { Admin } from 'kafkajs';
import type { PartitionBehind } from './broker';

/** A member's partitions by topic, as kafkajs reports them when it joins the group. */
export type Assignment = Readonly<Record<string, readonly number[]>>;

/**
 * Of the partitions assigned to a member, those whose position (the group's committed offset, or
 * the log's start when it has committed none or retention deleted past it) is behind the log's
 * end: one OffsetFetch for the group and one ListOffsets per topic.
 */
export async function partitionsBehind(
  admin: Admin,
  groupId: string,
  assignment: Assignment,
): Promise<PartitionBehind[]> {
  const topics = Object.keys(assignment).filter((topic) => assignment[topic]!.length > 0);
  if (topics.length === 0) return [];
  const committed = new Map<string, string>();
  for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
    for (const { partition, offset } of partitions) committed.set(`${topic}|${partition}`, offset);
  }
  const behind: PartitionBehind[] = [];
  for (const topic of topics) {
    const mine = new Set(assignment[topic]);
    for (const { partition, high, low } of await admin.fetchTopicOffsets(topic)) {
      if (!mine.has(partition)) continue;
      // No commit yet (-1), or one the log has since deleted: the consumer starts at the log's start.
      const offset = committed.get(`${topic}|${partition}`) ?? '-1';
      const position = BigInt(offset) >= BigInt(low) ? offset : low;
      if (BigInt(position) < BigInt(high)) behind.push({ topic, partition, position, end: high });
    }
  }
  return behind;
}
