import { Partitioners } from 'kafkajs';
import type { OutgoingRecord } from './broker';

export interface PartitionGroup {
  topic: string;
  partition: number;
  records: OutgoingRecord[];
}

/**
 * The records grouped by the partition kafkajs' default partitioner (murmur2, as the Java client)
 * puts each in, in their order: each group is one partition, one leader, one sequence. A record
 * without a key (a copied dead letter) goes where the partitioner's round robin sends it.
 */
export function partitionGroups(
  records: readonly OutgoingRecord[],
  partitionCount: (topic: string) => number,
): PartitionGroup[] {
  const partitioner = Partitioners.DefaultPartitioner();
  const groups = new Map<string, PartitionGroup>();
  for (const record of records) {
    const count = partitionCount(record.topic);
    const partitionMetadata = Array.from({ length: count }, (_, partitionId) => ({ partitionId, leader: 0 }));
    const partition = partitioner({
      topic: record.topic,
      partitionMetadata: partitionMetadata as Parameters<typeof partitioner>[0]['partitionMetadata'],
      message: { key: record.key, value: record.value },
    });
    const id = `${partition} ${record.topic}`;
    const group = groups.get(id);
    if (group) group.records.push(record);
    else groups.set(id, { topic: record.topic, partition, records: [record] });
  }
  return [...groups.values()];
}
