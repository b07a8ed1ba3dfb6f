import { InboxProgress } from './inbox-progress';

const at = (offset: number, partition = 0) => ({ topic: 't', partition, offset: String(offset) });

describe('InboxProgress', () => {
  it('whenHandled resolves when the event commits, or at once when it already has', async () => {
    const progress = new InboxProgress();
    const waiting = progress.whenHandled('A-1');
    progress.committed([{ eventId: 'a-1', position: at(0) }]);
    await expect(waiting).resolves.toBeUndefined();
    await expect(progress.whenHandled('a-1')).resolves.toBeUndefined();
  });

  it('whenHandled rejects with the event id once its deadline passes', async () => {
    await expect(new InboxProgress().whenHandled('never', 10)).rejects.toThrow('event never was not handled');
  });

  it('whenCaughtUp waits for every partition to reach its end', async () => {
    const progress = new InboxProgress();
    let caughtUp = false;
    const waiting = progress
      .whenCaughtUp([
        { topic: 't', partition: 0, end: '2' },
        { topic: 't', partition: 1, end: '1' },
      ])
      .then(() => (caughtUp = true));
    progress.committed([{ eventId: 'x', position: at(1) }]);
    await Promise.resolve();
    expect(caughtUp).toBe(false);
    progress.committed([{ eventId: 'y', position: at(0, 1) }]);
    await waiting;
    expect(caughtUp).toBe(true);
    await expect(progress.whenCaughtUp([{ topic: 't', partition: 0, end: '3' }], 10)).rejects.toThrow(
      'did not catch up',
    );
  });
});
