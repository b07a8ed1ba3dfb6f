import { HELD_BACK_RETRY_MS, LOCKED_OUT_RETRY_MS, nextPassDelayMs, type PassOutcome } from './relay-pacing';

const quiet: PassOutcome = { moreWaiting: false, nudged: false, lockedOut: false, heldBack: false };
const poll = 1000;

describe('when the outbox relay runs its next pass', () => {
  it('after a batch taken whole, or nothing found, it waits for a nudge or the poll', () => {
    expect(nextPassDelayMs(quiet, poll)).toBe(poll);
  });

  it('at once while rows it read are left, or when a commit nudged it during the pass', () => {
    expect(nextPassDelayMs({ ...quiet, moreWaiting: true }, poll)).toBe(0);
    expect(nextPassDelayMs({ ...quiet, nudged: true }, poll)).toBe(0);
    expect(nextPassDelayMs({ ...quiet, moreWaiting: true, heldBack: true }, poll)).toBe(0);
  });

  it('soon when another replica holds the lock, sooner when rows wait behind an open transaction', () => {
    expect(nextPassDelayMs({ ...quiet, lockedOut: true }, poll)).toBe(LOCKED_OUT_RETRY_MS);
    expect(nextPassDelayMs({ ...quiet, heldBack: true }, poll)).toBe(HELD_BACK_RETRY_MS);
    expect(nextPassDelayMs({ ...quiet, heldBack: true }, 20)).toBe(20);
  });
});
