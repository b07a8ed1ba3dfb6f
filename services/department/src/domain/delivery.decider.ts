import { applyTransition, type Decider, type Transition } from '@chuishao/kernel';
import { nextAttemptAt, type NotificationState, type RetryPolicy } from './notification';

/** A notification as far as its delivery goes: what each attempt reads and writes. */
export interface Delivery {
  id: string;
  state: NotificationState;
  /** Attempts made so far. */
  attempts: number;
  /** When it was written: the retry window counts from here. */
  createdAt: Date;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  deadLetteredAt: Date | null;
  lastError: string | null;
}

/** What one attempt came to (a channel's answer), and how long it took. */
export interface AttemptOutcome {
  ok: boolean;
  statusCode: number | null;
  /** A failure category, null on success. */
  error: string | null;
}

/** One attempt as it is recorded (notification_attempts). */
export interface Attempt {
  attempt: number;
  at: Date;
  outcome: 'delivered' | 'failed';
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** The worker attempted a claimed notification at `at`; `policy` says how failures are retried. */
export interface RecordAttempt {
  type: 'RecordAttempt';
  outcome: AttemptOutcome;
  at: Date;
  durationMs: number;
  policy: RetryPolicy;
}

export type DeliveryEvent =
  | { type: 'Delivered'; attempt: Attempt }
  | { type: 'RetryScheduled'; attempt: Attempt; nextAttemptAt: Date }
  | { type: 'DeadLettered'; attempt: Attempt };

const PENDING = [{ field: 'state' as const, oneOf: ['pending'] }];

/**
 * The transition table: only a pending notification takes an attempt; each writes the count and
 * either settles it (delivered, or dead-lettered after the last attempt) or schedules the next.
 */
export function deliveryTransition(event: DeliveryEvent): Transition<Delivery> {
  const { attempt, at, error } = event.attempt;
  switch (event.type) {
    case 'Delivered':
      return {
        when: PENDING,
        set: { state: 'delivered', attempts: attempt, deliveredAt: at, nextAttemptAt: null, lastError: null },
      };
    case 'RetryScheduled':
      return {
        when: PENDING,
        set: { attempts: attempt, nextAttemptAt: event.nextAttemptAt, lastError: error },
      };
    case 'DeadLettered':
      return {
        when: PENDING,
        set: {
          state: 'dead_lettered',
          attempts: attempt,
          nextAttemptAt: null,
          deadLetteredAt: at,
          lastError: error,
        },
      };
  }
}

/**
 * An attempt's consequence: delivered on success; after a failure, the next attempt (exponential
 * backoff from the attempt's time), or dead-lettered when that was the last one the policy allows
 * (attempts used up, or the next would fall past the window). A settled notification takes none.
 */
export function decide(command: RecordAttempt, delivery: Delivery): DeliveryEvent[] {
  if (delivery.state !== 'pending') return [];
  const attempt: Attempt = {
    attempt: delivery.attempts + 1,
    at: command.at,
    outcome: command.outcome.ok ? 'delivered' : 'failed',
    statusCode: command.outcome.statusCode,
    error: command.outcome.error,
    durationMs: command.durationMs,
  };
  if (command.outcome.ok) return [{ type: 'Delivered', attempt }];
  const next = nextAttemptAt(attempt.attempt, delivery.createdAt, command.at, command.policy);
  return next
    ? [{ type: 'RetryScheduled', attempt, nextAttemptAt: next }]
    : [{ type: 'DeadLettered', attempt }];
}

export function evolve(delivery: Delivery, event: DeliveryEvent): Delivery {
  return applyTransition(delivery, deliveryTransition(event));
}

export const deliveryDecider: Decider<RecordAttempt, Delivery, DeliveryEvent> = {
  decide,
  evolve,
  transition: deliveryTransition,
};
