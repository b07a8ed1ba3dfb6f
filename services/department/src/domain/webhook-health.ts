/**
 * Whether a department's webhook is being heard (issue 20 item 7): it is down once its last
 * `outageAfter` delivery attempts all failed, and up again at its next delivered one. The outage is
 * announced once when it begins and once when it ends, never per attempt.
 */
export interface WebhookHealth {
  departmentId: string;
  /** Failed attempts since the last delivered one. */
  consecutiveFailures: number;
  /** The first failed attempt of the current run of failures; null while it delivers. */
  failingSince: Date | null;
  /** Set while an outage is announced: the run of failures reached the threshold. */
  outageSince: Date | null;
  lastError: string | null;
}

export interface WebhookAttempt {
  delivered: boolean;
  at: Date;
  /** The failure category (HTTP status, network error); null when delivered. */
  error: string | null;
}

export type WebhookHealthEvent =
  | { type: 'OutageDetected'; since: Date; consecutiveFailures: number; lastError: string | null }
  | { type: 'OutageEnded'; since: Date; endedAt: Date };

export const healthyWebhook = (departmentId: string): WebhookHealth => ({
  departmentId,
  consecutiveFailures: 0,
  failingSince: null,
  outageSince: null,
  lastError: null,
});

/** The webhook's health after one more attempt, and the announcement it calls for, if any. */
export function afterWebhookAttempt(
  health: WebhookHealth,
  attempt: WebhookAttempt,
  outageAfter: number,
): { health: WebhookHealth; event: WebhookHealthEvent | null } {
  if (attempt.delivered) {
    const event: WebhookHealthEvent | null = health.outageSince
      ? { type: 'OutageEnded', since: health.outageSince, endedAt: attempt.at }
      : null;
    return { health: healthyWebhook(health.departmentId), event };
  }
  const failures = health.consecutiveFailures + 1;
  const failingSince = health.failingSince ?? attempt.at;
  const beginsOutage = !health.outageSince && failures >= outageAfter;
  const next: WebhookHealth = {
    departmentId: health.departmentId,
    consecutiveFailures: failures,
    failingSince,
    outageSince: beginsOutage ? failingSince : health.outageSince,
    lastError: attempt.error,
  };
  const event: WebhookHealthEvent | null = beginsOutage
    ? { type: 'OutageDetected', since: failingSince, consecutiveFailures: failures, lastError: attempt.error }
    : null;
  return { health: next, event };
}

/** Whether an attempt changed anything worth a write: a healthy webhook that delivers did not. */
export function healthChanged(before: WebhookHealth, after: WebhookHealth): boolean {
  return (
    before.consecutiveFailures !== after.consecutiveFailures ||
    before.outageSince?.getTime() !== after.outageSince?.getTime() ||
    before.failingSince?.getTime() !== after.failingSince?.getTime()
  );
}
