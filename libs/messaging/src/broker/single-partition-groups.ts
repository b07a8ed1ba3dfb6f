import type { OutgoingRecord } from './broker';

/**
 * The records grouped so that each group goes to one partition: by topic and key, in their order;
 * a record without a key (a copied dead letter) alone, since the partitioner spreads those.
 */
export function singlePartitionGroups(records: readonly OutgoingRecord[]): OutgoingRecord[][] {
  const groups = new Map<string, OutgoingRecord[]>();
  const alone: OutgoingRecord[][] = [];
  for (const record of records) {
    if (record.key === null) {
      alone.push([record]);
      continue;
    }
    const id = JSON.stringify([record.topic, record.key]);
    const group = groups.get(id);
    if (group) group.push(record);
    else groups.set(id, [record]);
  }
  return [...groups.values(), ...alone];
}
