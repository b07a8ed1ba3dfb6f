/** What the relay's last pass found, for when to run the next. */
export interface PassOutcome {
  /** It left rows it had read: a full batch (by count or bytes), or a send stopped part way. */
  moreWaiting: boolean;
  /** A commit nudged the relay while the pass ran: its read may predate those rows. */
  nudged: boolean;
  /** Another replica's relay held the lock. */
  lockedOut: boolean;
  /** Committed rows wait behind an older transaction still running. */
  heldBack: boolean;
}

/** Another replica's relay is publishing: look again soon, as nothing nudges this one for its rows. */
export const LOCKED_OUT_RETRY_MS = 200;
/** Rows committed but behind a transaction still running: look again soon, not at the poll. */
export const HELD_BACK_RETRY_MS = 50;

/**
 * Milliseconds until the next pass after one that did not fail. At once only when rows are known
 * to be left: after a batch taken whole, a row committed since the pass read the outbox nudges the
 * relay on its commit (during the pass that is `nudged`), so a pass right after it would find
 * nothing (4 statements, after every batch, in every service). The poll is the fallback for rows
 * nobody nudged for.
 */
export function nextPassDelayMs(pass: PassOutcome, pollIntervalMs: number): number {
  if (pass.moreWaiting || pass.nudged) return 0;
  if (pass.lockedOut) return Math.min(pollIntervalMs, LOCKED_OUT_RETRY_MS);
  if (pass.heldBack) return Math.min(pollIntervalMs, HELD_BACK_RETRY_MS);
  return pollIntervalMs;
}
