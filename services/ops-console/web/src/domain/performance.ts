/**
 * The agreement's performance (People's Mediation Law art. 31) as the mediator's screen needs it:
 * which outcomes the mediation service will accept now, so the form offers only those. The rules
 * are the service's (mediation's performance.ts); this reads them off the mediation it answered.
 */
import { PERFORMANCE_OUTCOMES } from '../vocabulary';

export type PerformanceOutcome = (typeof PERFORMANCE_OUTCOMES)[number];

export interface PerformanceRecord {
  id: string;
  outcome: PerformanceOutcome;
  note: string | null;
  /** What the law leaves the parties when it was not (fully) performed. */
  remedies: string[];
  recordedBy: string;
  recordedAt: string;
}

export interface PerformanceState {
  state: string;
  performanceDueAt: string | null;
  performanceOutcome: PerformanceOutcome | null;
}

/**
 * Nothing before an agreement, nothing once performed (final); before the deadline only
 * performed ahead of time; at or after it (or without one) every outcome.
 */
export function outcomesAllowed(m: PerformanceState, now: Date): readonly PerformanceOutcome[] {
  if (m.state !== 'agreed' || m.performanceOutcome === 'performed') return [];
  const due = m.performanceDueAt === null || now.getTime() >= new Date(m.performanceDueAt).getTime();
  return due ? PERFORMANCE_OUTCOMES : ['performed'];
}
