import type { Logger } from '@chuishao/kernel';
import { DeliveryLanes, type ClaimOutcome } from './delivery-lanes';

const quiet = { warn: () => undefined } as unknown as Logger;

/**
 * A queue of `due` deliveries, each attempt a turn of the event loop, counting the claims; the
 * next `failures` claims throw.
 */
function deliveries(due: number) {
  const state = { due, claims: 0, attempted: 0, atOnce: 0, mostAtOnce: 0, failures: 0 };
  const attemptNext = async (): Promise<ClaimOutcome> => {
    state.claims += 1;
    if (state.failures > 0) {
      state.failures -= 1;
      throw new Error('connection reset');
    }
    state.atOnce += 1;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.atOnce);
    await new Promise((resolve) => setImmediate(resolve));
    state.atOnce -= 1;
    if (state.due === 0) return 'none';
    state.due -= 1;
    state.attempted += 1;
    return 'attempted';
  };
  return { state, lanes: new DeliveryLanes(attemptNext, 4, quiet) };
}

describe('delivery lanes', () => {
  it('an idle sweep is one claim; a wake-up sends every lane', async () => {
    const { state, lanes } = deliveries(0);
    lanes.start();
    lanes.sweep();
    await lanes.idle();
    expect(state.claims).toBe(1);
    lanes.wake();
    await lanes.idle();
    expect(state.claims).toBe(5);
  });

  it('a sweep that finds a retry due opens the other lanes, and they deliver everything', async () => {
    const { state, lanes } = deliveries(12);
    lanes.start();
    lanes.sweep();
    await lanes.idle();
    expect(state.attempted).toBe(12);
    expect(state.mostAtOnce).toBe(4);
  });

  it('once a claim begun after the latest wake-up finds nothing, the other lanes stop instead of each claiming once more', async () => {
    // One text due; a claim that finds nothing answers in one turn, an attempt takes three.
    const turns = (n: number) =>
      new Promise<void>((resolve) => {
        const next = (left: number) => (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
        next(n);
      });
    const state = { due: 1, claims: 0 };
    const lanes = new DeliveryLanes(
      async () => {
        state.claims += 1;
        if (state.due === 0) return turns(1).then(() => 'none' as const);
        state.due -= 1;
        return turns(3).then(() => 'attempted' as const);
      },
      4,
      quiet,
    );
    lanes.start();
    lanes.wake();
    await lanes.idle();
    // The wake-up's four claims: one text, three empty. Its lane, and the lanes its success opens,
    // learn from those that nothing is left (each claimed once more before: 8).
    expect(state).toEqual({ due: 0, claims: 4 });
    lanes.wake();
    await lanes.idle();
    expect(state.claims).toBe(8); // a new wake-up sends every lane again
  });

  it('a claim blocked by a phone another lane is texting ends its lane, and the texting lane takes what waited', async () => {
    // Two notifications to one phone: the first lane's claim leases the phone and texts the first
    // for three turns; the second came due after that claim, so the other lanes' claims see it
    // blocked by the phone's lease until the text is settled.
    const turns = (n: number) =>
      new Promise<void>((resolve) => {
        const next = (left: number) => (left === 0 ? resolve() : setImmediate(() => next(left - 1)));
        next(n);
      });
    const state = { texting: false, waiting: 1, claims: 0, texts: 0 };
    const lanes = new DeliveryLanes(
      async (): Promise<ClaimOutcome> => {
        state.claims += 1;
        if (state.texting) return turns(1).then(() => (state.waiting > 0 ? 'blocked' : 'none'));
        if (state.texts === 0 || state.waiting > 0) {
          state.texting = true;
          if (state.texts > 0) state.waiting -= 1;
          state.texts += 1;
          await turns(3);
          state.texting = false;
          return 'attempted';
        }
        return 'none';
      },
      4,
      quiet,
    );
    lanes.start();
    lanes.wake(); // every lane: the first takes the text, the others find the second blocked
    await lanes.idle();
    // Blocked, the second lane gave its share back rather than stop every lane: the texting lane
    // took the second text itself, then learnt that nothing was left.
    expect(state).toMatchObject({ waiting: 0, texts: 2 });
  });

  it('opens no lane once stopped', async () => {
    const { state, lanes } = deliveries(3);
    lanes.start();
    await lanes.stop();
    lanes.wake();
    lanes.sweep();
    await lanes.idle();
    expect(state.claims).toBe(0);
  });
});

describe('delivery lanes told how many claims are due', () => {
  /** Lanes that know nothing is due (a sweep found nothing), then `due` deliveries committed. */
  async function drainedThen(due: number) {
    const made = deliveries(0);
    made.lanes.start();
    made.lanes.sweep();
    await made.lanes.idle();
    Object.assign(made.state, { due, claims: 0 });
    return made;
  }

  it('open that many lanes and end without an empty claim', async () => {
    const { state, lanes } = await drainedThen(3);
    lanes.wake(3);
    await lanes.idle();
    expect(state).toMatchObject({ due: 0, attempted: 3, claims: 3, mostAtOnce: 3 });
  });

  it('stop at the count when it was too low, and the sweep delivers the rest', async () => {
    const { state, lanes } = await drainedThen(3);
    lanes.wake(2);
    await lanes.idle();
    expect(state).toMatchObject({ due: 1, claims: 2 });
    lanes.sweep();
    await lanes.idle();
    expect(state).toMatchObject({ due: 0, attempted: 3 });
  });

  it('add up over wake-ups, and a claim that finds nothing ends a count that was too high', async () => {
    const { state, lanes } = await drainedThen(2);
    lanes.wake(1);
    lanes.wake(2);
    await lanes.idle();
    expect(state).toMatchObject({ due: 0, attempted: 2, claims: 3 });
    lanes.wake(0);
    await lanes.idle();
    expect(state.claims).toBe(3);
  });

  it('a claim that fails gives its share back, and a lane still open takes its delivery', async () => {
    const { state, lanes } = await drainedThen(3);
    state.failures = 1;
    lanes.wake(3);
    await lanes.idle();
    expect(state).toMatchObject({ due: 0, attempted: 3 });
  });

  it('a wake-up that does not say lifts the count', async () => {
    const { state, lanes } = await drainedThen(6);
    lanes.wake(1);
    lanes.wake();
    await lanes.idle();
    expect(state).toMatchObject({ due: 0, attempted: 6 });
  });
});
