import {
  DeadlineCancelled,
  DeadlineScheduled,
  type Actor,
  type EventEnvelope,
  type MediationTierLevel,
} from '@chuishao/contracts';
import type { Causation, EventFactory } from '@chuishao/messaging';
import { createHash } from 'node:crypto';
import type { LevelStint, Mediation } from '../domain/mediation';

export const MEDIATION_ACTOR: Actor = { role: 'system', id: 'mediation' };
/** Who we are to sla-timer's generic deadline API; DeadlineReached of other owners is not ours. */
export const DEADLINE_OWNER = 'mediation';
export const LEVEL_DEADLINE_KIND = 'mediation.level';
/** The whole mediation's time limit (one month by default). */
export const TIME_LIMIT_DEADLINE_KIND = 'mediation.time-limit';
/** The agreement's performance deadline (art. 31), when the agreement names one. */
export const PERFORMANCE_DEADLINE_KIND = 'mediation.performance';

/**
 * One deadline id per mediation and level, derived (a name-based UUID) rather than stored: a
 * re-schedule of the same level replaces its timer, and a cancel needs nothing but the mediation.
 */
export function levelDeadlineId(mediationId: string, level: MediationTierLevel): string {
  return nameBasedUuid(`${DEADLINE_OWNER}:${LEVEL_DEADLINE_KIND}:${mediationId}:${level}`);
}

/** The time limit's deadline id, derived from the mediation like the levels'. */
export function timeLimitDeadlineId(mediationId: string): string {
  return nameBasedUuid(`${DEADLINE_OWNER}:${TIME_LIMIT_DEADLINE_KIND}:${mediationId}`);
}

/** The performance deadline's id, derived from the mediation (it has one agreement at most). */
export function performanceDeadlineId(mediationId: string): string {
  return nameBasedUuid(`${DEADLINE_OWNER}:${PERFORMANCE_DEADLINE_KIND}:${mediationId}`);
}

function nameBasedUuid(name: string): string {
  const hash = createHash('sha1').update(name).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A deadline of ours on sla-timer's generic API, about the mediation. */
function schedule(
  events: EventFactory,
  mediation: Mediation,
  deadline: { id: string; kind: string; dueAt: Date; context?: Record<string, unknown> },
  causation: Causation,
): EventEnvelope {
  return events.build(DeadlineScheduled, mediation.caseId, causation, {
    deadlineId: deadline.id,
    owner: DEADLINE_OWNER,
    kind: deadline.kind,
    subjectId: mediation.id,
    dueAt: deadline.dueAt.toISOString(),
    context: deadline.context ?? {},
  });
}

function cancel(events: EventFactory, mediation: Mediation, deadlineId: string, causation: Causation) {
  return events.build(DeadlineCancelled, mediation.caseId, causation, { deadlineId, owner: DEADLINE_OWNER });
}

/** Asks sla-timer for the deadline of the level a mediation has just reached. */
export function scheduleLevelDeadline(
  events: EventFactory,
  mediation: Mediation,
  stint: LevelStint,
  causation: Causation,
): EventEnvelope {
  const id = levelDeadlineId(mediation.id, stint.level);
  const deadline = { id, kind: LEVEL_DEADLINE_KIND, dueAt: stint.dueAt, context: { level: stint.level } };
  return schedule(events, mediation, deadline, causation);
}

/** Asks sla-timer for the deadline of the mediation's whole time limit. */
export function scheduleTimeLimitDeadline(
  events: EventFactory,
  mediation: Mediation,
  dueAt: Date,
  causation: Causation,
): EventEnvelope {
  const deadline = { id: timeLimitDeadlineId(mediation.id), kind: TIME_LIMIT_DEADLINE_KIND, dueAt };
  return schedule(events, mediation, deadline, causation);
}

/**
 * The mediation ended: neither its current level's deadline nor its time limit may fire (a
 * mediation opened before the time limit was kept has none to cancel).
 */
export function cancelDeadlines(
  events: EventFactory,
  mediation: Mediation,
  causation: Causation,
): EventEnvelope[] {
  const level = mediation.levels[mediation.levels.length - 1]!.level;
  const cancels = [cancelLevelDeadline(events, mediation, level, causation)];
  if (mediation.timeLimitDueAt)
    cancels.push(cancel(events, mediation, timeLimitDeadlineId(mediation.id), causation));
  return cancels;
}

/** The mediation ended: its current level's deadline must not fire. */
export function cancelLevelDeadline(
  events: EventFactory,
  mediation: Mediation,
  level: MediationTierLevel,
  causation: Causation,
): EventEnvelope {
  return cancel(events, mediation, levelDeadlineId(mediation.id, level), causation);
}

/**
 * The agreement's deadline, when it names one: sla-timer calls back at that moment so the check
 * falls due in the timeline and the mediator's queue, not only when someone reads the mediation.
 */
export function schedulePerformanceDeadline(
  events: EventFactory,
  mediation: Mediation,
  causation: Causation,
): EventEnvelope[] {
  const dueAt = mediation.performanceDueAt;
  if (!dueAt) return [];
  const deadline = { id: performanceDeadlineId(mediation.id), kind: PERFORMANCE_DEADLINE_KIND, dueAt };
  return [schedule(events, mediation, deadline, causation)];
}

/** Found performed: its deadline must not fire (nothing to check any more). */
export function cancelPerformanceDeadline(
  events: EventFactory,
  mediation: Mediation,
  causation: Causation,
): EventEnvelope[] {
  if (!mediation.performanceDueAt) return [];
  return [cancel(events, mediation, performanceDeadlineId(mediation.id), causation)];
}
