/**
 * The live SLA board's rules: what a summoned department's countdown shows. The console only
 * reads what other services decided (sla-timer owns the SLA); these rules decide the colour.
 */

/** What a summons is known to have gone through, from the events seen so far (any order). */
export interface SummonsFacts {
  deadline: Date;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  declinedAt: Date | null;
  /** Replaced by another department after declining (DepartmentReassigned). */
  reassignedAt: Date | null;
  /** Stood down by the operator before it arrived (SummonsStoodDown): no longer expected. */
  stoodDownAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  /** The breach was withdrawn: the arrival was in time after all (BreachRetracted). */
  breachRetractedAt: Date | null;
}

export type SummonsStatus =
  | 'notified'
  | 'acknowledged'
  | 'declined'
  | 'reassigned'
  | 'stood_down'
  | 'arrived'
  | 'arrived_late'
  | 'breached';

/** green: time left; amber: warned or close; red: deadline passed or breached; done: no countdown. */
export type Signal = 'green' | 'amber' | 'red' | 'done';

export function summonsStatus(s: SummonsFacts): SummonsStatus {
  const breached = s.breachedAt !== null && s.breachRetractedAt === null;
  if (s.arrivedAt) return breached ? 'arrived_late' : 'arrived';
  if (s.reassignedAt) return 'reassigned';
  if (s.stoodDownAt) return 'stood_down';
  if (s.declinedAt) return 'declined';
  if (breached) return 'breached';
  if (s.acknowledgedAt) return 'acknowledged';
  return 'notified';
}

export function remainingSeconds(deadline: Date, now: Date): number {
  return Math.floor((deadline.getTime() - now.getTime()) / 1000);
}

/**
 * Amber when sla-timer warned or when the remaining time is within the warning window (the
 * warning event may still be on its way); red at the breach, or once the deadline has passed.
 */
export function countdownSignal(s: SummonsFacts, now: Date, warningSeconds: number): Signal {
  const status = summonsStatus(s);
  const over: SummonsStatus[] = ['arrived', 'arrived_late', 'reassigned', 'declined', 'stood_down'];
  if (over.includes(status)) return 'done';
  if (status === 'breached') return 'red';
  const remaining = remainingSeconds(s.deadline, now);
  if (remaining <= 0) return 'red';
  if (s.warnedAt || remaining <= warningSeconds) return 'amber';
  return 'green';
}
