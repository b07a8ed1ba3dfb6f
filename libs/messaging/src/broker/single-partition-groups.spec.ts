import type { OutgoingRecord } from './broker';
import { singlePartitionGroups } from './single-partition-groups';

const record = (topic: string, key: string | null, value: string): OutgoingRecord => ({
  topic,
  key,
  value,
  headers: {},
});

describe('singlePartitionGroups', () => {
  it('groups by topic and key, keeping the order within a key', () => {
    const records = [
      record('cases', 'a', '1'),
      record('cases', 'b', '2'),
      record('whistles', 'a', '3'),
      record('cases', 'a', '4'),
    ];
    expect(singlePartitionGroups(records).map((g) => g.map((r) => r.value))).toEqual([
      ['1', '4'],
      ['2'],
      ['3'],
    ]);
  });

  it('sends every record without a key alone, since the partitioner spreads those', () => {
    const records = [record('t', null, '1'), record('t', null, '2')];
    expect(singlePartitionGroups(records)).toEqual([[records[0]], [records[1]]]);
  });

  it('loses no record', () => {
    const records = Array.from({ length: 50 }, (_, i) =>
      record(`t${i % 3}`, i % 4 ? `k${i % 7}` : null, `${i}`),
    );
    expect(singlePartitionGroups(records).flat()).toHaveLength(50);
  });
});
