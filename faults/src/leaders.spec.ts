import { busiestLeader, underReplicated, type PartitionLoad } from './leaders';

const part = (leader: number, messages: number, isr = [1, 2, 3]): PartitionLoad => ({
  topic: 't',
  partition: 0,
  leader,
  replicas: [1, 2, 3],
  isr,
  messages,
});

describe('busiestLeader', () => {
  it('picks the broker leading the most messages, not the most partitions', () => {
    expect(busiestLeader([part(1, 5), part(1, 5), part(2, 30), part(3, 1)])).toBe(2);
  });

  it('breaks a tie with the lower node id and ignores leaderless partitions', () => {
    expect(busiestLeader([part(3, 10), part(2, 10), part(-1, 99)])).toBe(2);
  });

  it('has no answer without a led partition', () => {
    expect(busiestLeader([])).toBeUndefined();
    expect(busiestLeader([part(-1, 4)])).toBeUndefined();
  });
});

describe('underReplicated', () => {
  it('lists partitions with a replica out of sync or no leader', () => {
    const lagging = part(1, 0, [1, 2]);
    const leaderless = part(-1, 0);
    expect(underReplicated([part(1, 0), lagging, leaderless])).toEqual([lagging, leaderless]);
  });
});
