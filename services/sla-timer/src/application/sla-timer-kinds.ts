import type { Actor } from '@chuishao/contracts';

/** The timer kinds of the arrival SLA; the subject of each is the summons id. */
export const SLA_TIMER_KINDS = {
  warning: 'sla.arrival-warning',
  deadline: 'sla.arrival-deadline',
  escalation: 'sla.escalation',
} as const;

/** Deadlines other services schedule through DeadlineScheduled; the subject is the deadlineId. */
export const GENERIC_DEADLINE_TIMER_KIND = 'deadline';

export const ALL_SLA_TIMER_KINDS = Object.values(SLA_TIMER_KINDS);

/** Who emits what the clock decides. */
export const SLA_ACTOR: Actor = { role: 'system', id: 'sla-timer' };
