/**
 * A durable timer: something due at a moment, for a subject (a summons, a mediation level, a
 * judicial window), of a kind whose handler knows what to do. Re-arming or cancelling bumps its
 * generation, so whoever holds an older generation holds a stale timer.
 */
export type TimerState = 'armed' | 'fired' | 'cancelled';

export interface Timer {
  id: string;
  kind: string;
  subject: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  generation: number;
  state: TimerState;
  firedAt: Date | null;
  latenessMs: number | null;
  attempts: number;
}

/** What a handler receives: the timer as claimed, with the moment it is being fired. */
export interface FiredTimer {
  id: string;
  kind: string;
  subject: string;
  dueAt: Date;
  payload: Record<string, unknown>;
  generation: number;
  firedAt: Date;
}

/** How late a timer fired (never negative: a clock step backwards is not "early"). */
export function latenessMs(dueAt: Date, firedAt: Date): number {
  return Math.max(0, firedAt.getTime() - dueAt.getTime());
}

/** A claimed timer may still fire only if nobody re-armed or cancelled it since. */
export function isCurrent(
  claimed: { generation: number },
  stored: { generation: number; state: TimerState },
) {
  return stored.state === 'armed' && stored.generation === claimed.generation;
}

/** How long the firing loop sleeps: until the next due time, at most the cap, at least 0. */
export function wakeDelayMs(nextDue: Date | null, now: Date, capMs: number): number {
  if (!nextDue) return capMs;
  return Math.min(capMs, Math.max(0, nextDue.getTime() - now.getTime()));
}

/** After a failed handler: retry with capped exponential backoff (1 s, 2 s, 4 s … 60 s). */
export function retryDelayMs(attempts: number): number {
  return Math.min(60000, 1000 * 2 ** Math.max(0, attempts - 1));
}
