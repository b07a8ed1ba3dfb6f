import { ConflictError, InvalidError } from '@chuishao/kernel';
import { dueLevels, type DueLevel } from './escalation-policy';
import type { SummonsSla } from './sla';
import type { NextLevel, SummonsSlaCommand, SummonsSlaEvent } from './summons-sla.decider';

/**
 * The escalation ladder's decisions for the SummonsSla decider: the breach and its first level,
 * the ladder's timers, and a supervisor's escalation by hand. `allowed` is the decider's: those
 * of the events whose transitions the state allows, one after another.
 */
type Allowed = (sla: SummonsSla, events: SummonsSlaEvent[]) => SummonsSlaEvent[];

/** The levels of the summons's frozen ladder that chase somebody, with their due times. */
function ladderOf(sla: SummonsSla, centerPath: string[] | null): DueLevel[] {
  return dueLevels(sla.policy, { ...sla, centerPath }, sla.deadline);
}

const nextOf = (d: DueLevel | undefined): NextLevel | null => (d ? { level: d.level, dueAt: d.dueAt } : null);

function raised(
  sla: SummonsSla,
  command: { at: Date; escalationId: string; breachId: string },
  due: DueLevel,
  ladder: DueLevel[],
): SummonsSlaEvent {
  return {
    type: 'EscalationRaised',
    escalationId: command.escalationId,
    breachId: command.breachId,
    level: due.level,
    fromLevel: sla.escalationLevel,
    target: due.target,
    at: command.at,
    next: nextOf(ladder.find((d) => d.level > due.level)),
  };
}

export function breach(
  command: Extract<SummonsSlaCommand, { type: 'Breach' }>,
  sla: SummonsSla,
  allowed: Allowed,
): SummonsSlaEvent[] {
  const ladder = ladderOf(sla, command.centerPath);
  const first = ladder[0];
  // The first level is raised with the breach when it is due at once (the usual delay 0).
  const now = first && first.dueAt.getTime() <= command.at.getTime();
  const breached: SummonsSlaEvent = {
    type: 'DeadlineBreached',
    breachId: command.breachId,
    at: command.at,
    next: now ? null : nextOf(first),
  };
  const events = now ? [breached, raised(sla, command, first, ladder)] : [breached];
  return allowed(sla, events).length === events.length ? events : [];
}

export function escalate(
  command: Extract<SummonsSlaCommand, { type: 'Escalate' }>,
  sla: SummonsSla,
  allowed: Allowed,
): SummonsSlaEvent[] {
  // A stale timer (another breach, a level already raised, one now skipped) raises nothing.
  if (sla.breachId !== command.breachId) return [];
  const ladder = ladderOf(sla, command.centerPath);
  const due = ladder.find((d) => d.level > sla.escalationLevel);
  if (!due || due.level !== command.level) return [];
  return allowed(sla, [raised(sla, command, due, ladder)]);
}

/**
 * The levels a supervisor may raise by hand now (the workstation's choices): none unless the
 * summons is breached; else the frozen ladder's levels above the current one that chase somebody.
 */
export function raisableByHand(sla: SummonsSla, centerPath: string[] | null): DueLevel[] {
  if (sla.state !== 'breached' || !sla.breachId) return [];
  return ladderOf(sla, centerPath).filter((d) => d.level > sla.escalationLevel);
}

/**
 * By hand: only a breached summons, only to a level above the current one that chases somebody.
 * The ladder goes on from it, re-timed from now: the next level comes after the same gap the
 * ladder keeps between the two (a later level never comes before the one raised by hand).
 */
export function escalateByHand(
  command: Extract<SummonsSlaCommand, { type: 'EscalateByHand' }>,
  sla: SummonsSla,
  allowed: Allowed,
): SummonsSlaEvent[] {
  if (sla.state !== 'breached' || !sla.breachId)
    throw new ConflictError('SUMMONS_NOT_BREACHED', `summons ${sla.summonsId} is ${sla.state}, not breached`);
  if (command.level <= sla.escalationLevel)
    throw new ConflictError(
      'ESCALATION_LEVEL_NOT_ABOVE',
      `level ${command.level} is not above the current level ${sla.escalationLevel}`,
    );
  // The levels the workstation offers are the only ones that pass (raisableByHand, one rule).
  const due = raisableByHand(sla, command.centerPath).find((d) => d.level === command.level);
  if (!due)
    throw new InvalidError(
      'ESCALATION_LEVEL_UNKNOWN',
      `level ${command.level} is past the summons's ladder or chases nobody`,
      'level',
    );
  const ladder = ladderOf(sla, command.centerPath);
  const event = raised(sla, { ...command, breachId: sla.breachId }, due, ladder) as Extract<
    SummonsSlaEvent,
    { type: 'EscalationRaised' }
  >;
  const next = ladder.find((d) => d.level > due.level);
  event.next = next
    ? {
        level: next.level,
        dueAt: new Date(command.at.getTime() + next.dueAt.getTime() - due.dueAt.getTime()),
      }
    : null;
  return allowed(sla, [event]);
}
