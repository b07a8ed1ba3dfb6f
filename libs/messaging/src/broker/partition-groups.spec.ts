import type { OutgoingRecord } from './broker';
import { partitionGroups } from './partition-groups';

const record = (topic: string, key: string | null, value: string): OutgoingRecord => ({
  topic,
  key,
  value,
  headers: {},
});

const six = () => 6;

describe('partitionGroups', () => {
  it('puts keys that share a partition in one group, in their order', () => {
    // Two keys of one partition must not travel in two concurrent sends: kafkajs hands them
    // sequence numbers of one partition, and a rolled-back one is reused by the other send.
    const keys = Array.from({ length: 40 }, (_, i) => `case-${i}`);
    const byPartition = new Map<number, string[]>();
    for (const group of partitionGroups(
      keys.map((k) => record('cases', k, k)),
      six,
    ))
      byPartition.set(
        group.partition,
        group.records.map((r) => String(r.value)),
      );
    expect(byPartition.size).toBeLessThanOrEqual(6);
    expect([...byPartition.values()].flat().sort()).toEqual([...keys].sort());
    const shared = [...byPartition.values()].find((values) => values.length > 1)!;
    expect(shared.length).toBeGreaterThan(1);
    expect(shared).toEqual(keys.filter((k) => shared.includes(k)));
  });

  it('sends one key always to the same partition, as the consumers’ per-case order needs', () => {
    const groups = partitionGroups(
      [record('cases', 'a', '1'), record('whistles', 'a', '2'), record('cases', 'a', '3')],
      six,
    );
    expect(groups.map((g) => [g.topic, g.records.map((r) => r.value)])).toEqual([
      ['cases', ['1', '3']],
      ['whistles', ['2']],
    ]);
    expect(groups[0]!.partition).toBe(groups[1]!.partition);
  });

  it('with one partition, sends a topic in one group', () => {
    const records = [record('t', 'x', '1'), record('t', null, '2'), record('t', 'y', '3')];
    expect(partitionGroups(records, () => 1)).toEqual([{ topic: 't', partition: 0, records }]);
  });

  it('loses no record', () => {
    const records = Array.from({ length: 50 }, (_, i) =>
      record(`t${i % 3}`, i % 4 ? `k${i % 7}` : null, `${i}`),
    );
    expect(partitionGroups(records, six).flatMap((g) => g.records)).toHaveLength(50);
  });
});
