import { StallGuard, stalledPartitions, type PartitionBehind, type ProgressCheck } from './stall-guard';

const behind = (partition: number, position: string, end = '100'): PartitionBehind => ({
  topic: 'cases',
  partition,
  position,
  end,
});
const idle = (batchesBegun: number, ...lagging: PartitionBehind[]): ProgressCheck => ({
  batchesBegun,
  batchesInHandler: 0,
  behind: lagging,
});

describe('when a consumer is judged stalled', () => {
  it('a partition behind at the same position twice, with no batch handed over between, is', () => {
    expect(stalledPartitions(idle(7, behind(0, '40')), idle(7, behind(0, '40')))).toEqual([behind(0, '40')]);
  });

  it('not when a batch was handed over in between: it is moving, however slowly', () => {
    expect(stalledPartitions(idle(7, behind(0, '40')), idle(8, behind(0, '40')))).toEqual([]);
  });

  it('not while the handler holds a batch (a database outage or a newer event version waits there)', () => {
    const holding = { ...idle(7, behind(0, '40')), batchesInHandler: 1 };
    expect(stalledPartitions(holding, idle(7, behind(0, '40')))).toEqual([]);
    expect(stalledPartitions(idle(7, behind(0, '40')), holding)).toEqual([]);
  });

  it('only the partitions behind at both checks at one position: new lag or a moved position is not', () => {
    const earlier = idle(7, behind(0, '40'), behind(1, '10'));
    const now = idle(7, behind(1, '12'), behind(2, '5'));
    expect(stalledPartitions(earlier, now)).toEqual([]);
  });

  it('a partition caught up is never stalled', () => {
    expect(stalledPartitions(idle(7), idle(7))).toEqual([]);
  });
});

describe('the guard', () => {
  /** `'fail'`: that check's look at Kafka throws. */
  function guardOver(checks: Array<ProgressCheck | null | 'fail'>, restartFails = false) {
    const restarts: PartitionBehind[][] = [];
    const failures: string[] = [];
    const guard = new StallGuard({
      everyMs: 60_000,
      observe: async () => {
        const next = checks.shift();
        if (next === undefined || next === 'fail') throw new Error('Kafka unreachable');
        return next;
      },
      restart: async (stalled) => {
        restarts.push(stalled);
        if (restartFails) throw new Error('disconnect refused');
      },
      onRestartFailed: (error, stalled) =>
        failures.push(`${(error as Error).message}: ${stalled.map((p) => p.partition).join()}`),
    });
    return { guard, restarts, failures };
  }

  it('reports a restart that failed, and tries again after two more checks', async () => {
    const same = () => idle(3, behind(0, '40'));
    const { guard, restarts, failures } = guardOver([same(), same(), same(), same()], true);
    await guard.check();
    expect(await guard.check()).toEqual([]);
    expect(failures).toEqual(['disconnect refused: 0']);
    await guard.check();
    await guard.check();
    expect(restarts).toHaveLength(2);
    expect(failures).toHaveLength(2);
  });

  it('restarts the consumer on the second check that finds the same partition left behind', async () => {
    const { guard, restarts } = guardOver([idle(3, behind(0, '40')), idle(3, behind(0, '40'))]);
    expect(await guard.check()).toEqual([]);
    expect(await guard.check()).toEqual([behind(0, '40')]);
    expect(restarts).toEqual([[behind(0, '40')]]);
  });

  it('judges the restarted consumer afresh: two more checks before another restart', async () => {
    const same = () => idle(3, behind(0, '40'));
    const { guard, restarts } = guardOver([same(), same(), same(), same()]);
    for (let i = 0; i < 3; i += 1) await guard.check();
    expect(restarts).toHaveLength(1);
    await guard.check();
    expect(restarts).toHaveLength(2);
  });

  it('a check that cannot see the consumer breaks the pair: no restart on one sighting', async () => {
    const { guard, restarts } = guardOver([idle(3, behind(0, '40')), null, idle(3, behind(0, '40'))]);
    for (let i = 0; i < 3; i += 1) await guard.check();
    expect(restarts).toEqual([]);
  });

  it('so does a check that fails', async () => {
    const { guard, restarts } = guardOver([idle(3, behind(0, '40')), 'fail', idle(3, behind(0, '40'))]);
    for (let i = 0; i < 3; i += 1) await guard.check();
    expect(restarts).toEqual([]);
  });
});
