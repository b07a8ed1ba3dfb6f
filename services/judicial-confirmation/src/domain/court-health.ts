/**
 * Whether a court's system is answering (issue 20 item 7): it is down once it has left filings
 * unanswered for `outageAfterMs` since the first unanswered attempt (the submitter keeps retrying
 * with backoff while applications wait), and up again at its next answer. The outage is announced
 * once when it begins and once when it ends.
 */
export interface CourtHealth {
  courtId: string;
  /** The first unanswered attempt since the court last answered; null while it answers. */
  silentSince: Date | null;
  /** Set while an outage is announced. */
  outageSince: Date | null;
  lastError: string | null;
}

export interface CourtAttempt {
  answered: boolean;
  at: Date;
  error: string | null;
}

export type CourtHealthEvent =
  | { type: 'OutageDetected'; since: Date; lastError: string | null }
  | { type: 'OutageEnded'; since: Date; endedAt: Date };

export const answeringCourt = (courtId: string): CourtHealth => ({
  courtId,
  silentSince: null,
  outageSince: null,
  lastError: null,
});

/** The court's health after one more filing attempt, and the announcement it calls for, if any. */
export function afterCourtAttempt(
  health: CourtHealth,
  attempt: CourtAttempt,
  outageAfterMs: number,
): { health: CourtHealth; event: CourtHealthEvent | null } {
  if (attempt.answered) {
    const event: CourtHealthEvent | null = health.outageSince
      ? { type: 'OutageEnded', since: health.outageSince, endedAt: attempt.at }
      : null;
    return { health: answeringCourt(health.courtId), event };
  }
  const silentSince = health.silentSince ?? attempt.at;
  const beginsOutage = !health.outageSince && attempt.at.getTime() - silentSince.getTime() >= outageAfterMs;
  return {
    health: {
      courtId: health.courtId,
      silentSince,
      outageSince: beginsOutage ? silentSince : health.outageSince,
      lastError: attempt.error,
    },
    event: beginsOutage ? { type: 'OutageDetected', since: silentSince, lastError: attempt.error } : null,
  };
}

/** Whether an attempt changed anything worth a write: an answering court that answers did not. */
export function courtHealthChanged(before: CourtHealth, after: CourtHealth): boolean {
  return (
    before.silentSince?.getTime() !== after.silentSince?.getTime() ||
    before.outageSince?.getTime() !== after.outageSince?.getTime() ||
    before.lastError !== after.lastError
  );
}
