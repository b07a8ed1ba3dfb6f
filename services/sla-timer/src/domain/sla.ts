import { InvalidError, addSeconds } from '@chuishao/kernel';
import type { LadderPolicy } from './escalation-policy';

/**
 * The v1 escalation policy, as the SLA_* settings still state the default: converted to the v2
 * ladder (escalation-policy.ts) when a whistle is blown.
 */
export interface EscalationPolicy {
  /** The warning fires this long before the deadline (skipped when that moment has passed). */
  warningSeconds: number;
  /** Each level after the first comes this long after the previous one. */
  escalationSeconds: number;
  /** How many levels the ladder has: 1 = the department's head, 2 = + the center one tier up, … */
  levels: number;
}

export function validatePolicy(policy: EscalationPolicy, name = 'policy'): EscalationPolicy {
  for (const key of ['warningSeconds', 'escalationSeconds', 'levels'] as const) {
    const value = policy[key];
    if (!Number.isInteger(value) || value <= 0)
      throw new InvalidError('POLICY_INVALID', `${name}.${key} must be a positive whole number`, key);
  }
  return {
    warningSeconds: policy.warningSeconds,
    escalationSeconds: policy.escalationSeconds,
    levels: policy.levels,
  };
}

/**
 * A summons's SLA: `running` until the department arrives (`met`) or the deadline passes
 * (`breached`); a breached summons ends `late` on arrival, or `met` when its stored arrival time
 * turns out to be within the deadline after all (the breach is then retracted). `withdrawn`: the
 * department declined or was replaced, so nobody is expected any more.
 */
export type SlaState = 'running' | 'met' | 'breached' | 'late' | 'withdrawn';

export interface SummonsSla {
  summonsId: string;
  whistleId: string;
  caseId: string;
  centerId: string;
  departmentId: string;
  departmentName: string;
  /** When the department was summoned (the whistle, or the reassignment). */
  summonedAt: Date;
  deadline: Date;
  /** Frozen when the whistle was blown (a snapshot stored with the summons). */
  policy: LadderPolicy;
  state: SlaState;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  warnedAt: Date | null;
  breachId: string | null;
  /** The highest escalation level raised so far (0: none). */
  escalationLevel: number;
  /** The flow this summons belongs to, and the event that started its clock. */
  correlationId: string;
  causationId: string;
}

export type SlaTimerKind = 'warning' | 'deadline';

/** The timers a fresh summons needs: the warning (unless its moment has passed) and the deadline. */
export function plannedTimers(
  deadline: Date,
  now: Date,
  policy: Pick<EscalationPolicy, 'warningSeconds'>,
): Array<{ kind: SlaTimerKind; dueAt: Date }> {
  const warningAt = addSeconds(deadline, -policy.warningSeconds);
  const timers: Array<{ kind: SlaTimerKind; dueAt: Date }> = [];
  if (warningAt.getTime() > now.getTime()) timers.push({ kind: 'warning', dueAt: warningAt });
  timers.push({ kind: 'deadline', dueAt: deadline });
  return timers;
}

/** On time means arrived at or before the deadline, by the stored arrival time only. */
export function isOnTime(deadline: Date, arrivedAt: Date): boolean {
  return arrivedAt.getTime() <= deadline.getTime();
}

/** Whole seconds late, rounded up (half a second late is late). */
export function latenessSeconds(deadline: Date, arrivedAt: Date): number {
  return Math.max(0, Math.ceil((arrivedAt.getTime() - deadline.getTime()) / 1000));
}

export type ArrivalDecision =
  /** Already decided (a repeat), or nobody is expected any more. */
  | { kind: 'ignore' }
  /** On time, before any breach: cancel the timers. */
  | { kind: 'met' }
  /** On time, but the breach fired first: retract it and cancel what is pending. */
  | { kind: 'retract' }
  /** Late: record the lateness; `breach` when the deadline timer has not fired yet. */
  | { kind: 'late'; latenessSeconds: number; breach: boolean };

export function decideArrival(sla: Pick<SummonsSla, 'state' | 'deadline'>, arrivedAt: Date): ArrivalDecision {
  const onTime = isOnTime(sla.deadline, arrivedAt);
  if (sla.state === 'running')
    return onTime
      ? { kind: 'met' }
      : { kind: 'late', latenessSeconds: latenessSeconds(sla.deadline, arrivedAt), breach: true };
  if (sla.state === 'breached')
    return onTime
      ? { kind: 'retract' }
      : { kind: 'late', latenessSeconds: latenessSeconds(sla.deadline, arrivedAt), breach: false };
  return { kind: 'ignore' };
}

export interface EscalationTarget {
  kind: 'department_head' | 'on_duty_liaison' | 'center';
  id: string;
}

/** Seconds left to the deadline while the clock runs (never negative); null once decided. */
export function remainingSeconds(sla: Pick<SummonsSla, 'state' | 'deadline'>, now: Date): number | null {
  if (sla.state !== 'running') return null;
  return Math.max(0, Math.ceil((sla.deadline.getTime() - now.getTime()) / 1000));
}
