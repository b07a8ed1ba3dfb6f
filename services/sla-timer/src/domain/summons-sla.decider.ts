import { applyTransition, transitionAllowed, type Decider, type Transition } from '@chuishao/kernel';
import {
  decideArrival,
  escalationDueAt,
  escalationTarget,
  type EscalationTarget,
  type SummonsSla,
} from './sla';

/**
 * What can happen to a summons's SLA. Ids and times come in the command (decided by the caller's
 * clock and id generator), so `decide` stays pure and repeatable.
 */
export type SummonsSlaCommand =
  | { type: 'Acknowledge'; at: Date }
  /** `breachId`: the id a breach recorded on this arrival takes (a late arrival before the deadline ran). */
  | { type: 'Arrive'; at: Date; now: Date; breachId: string }
  /** Declined, or replaced: nobody is expected any more. */
  | { type: 'Withdraw'; now: Date }
  | { type: 'IssueWarning'; at: Date }
  | { type: 'Breach'; at: Date; breachId: string; escalationId: string }
  /** `centerPath`: the case's centers, district first (null when CaseRegistered was not seen). */
  | {
      type: 'Escalate';
      at: Date;
      level: number;
      breachId: string;
      escalationId: string;
      centerPath: string[] | null;
    };

export type SummonsSlaEvent =
  | { type: 'AcknowledgementRecorded'; at: Date }
  | { type: 'ArrivedOnTime'; at: Date }
  | { type: 'BreachRetracted'; breachId: string; arrivedAt: Date; retractedAt: Date }
  | { type: 'ArrivedLate'; breachId: string; arrivedAt: Date; latenessSeconds: number; closedAt: Date }
  | { type: 'Withdrawn'; breachId: string | null; at: Date }
  | { type: 'WarningIssued'; at: Date }
  | { type: 'DeadlineBreached'; breachId: string; at: Date }
  | {
      type: 'EscalationRaised';
      escalationId: string;
      breachId: string;
      level: number;
      target: EscalationTarget;
      at: Date;
      /** When the next level is due, or null past the frozen policy's last one. */
      nextDueAt: Date | null;
    };

type T = Transition<SummonsSla>;

/** The transition table: what each event writes, and the states it may follow. */
export function transitionOf(event: SummonsSlaEvent): T {
  switch (event.type) {
    case 'AcknowledgementRecorded':
      // The earliest wins: an arrival stands in for the acknowledgement until an earlier one comes.
      return {
        when: [{ field: 'acknowledgedAt', unsetOrAfter: event.at }],
        set: { acknowledgedAt: event.at },
      };
    case 'ArrivedOnTime':
      return {
        when: [
          { field: 'state', oneOf: ['running'] },
          { field: 'deadline', atLeast: event.at },
        ],
        set: { state: 'met', arrivedAt: event.at, acknowledgedAt: { ifUnset: event.at } },
      };
    case 'BreachRetracted':
      return {
        when: [{ field: 'state', oneOf: ['breached'] }],
        set: { state: 'met', arrivedAt: event.arrivedAt, acknowledgedAt: { ifUnset: event.arrivedAt } },
      };
    case 'ArrivedLate':
      return {
        when: [{ field: 'state', oneOf: ['breached'] }],
        set: { state: 'late', arrivedAt: event.arrivedAt, acknowledgedAt: { ifUnset: event.arrivedAt } },
      };
    case 'Withdrawn':
      // A running summons has no breach; a breached one has its own, which closes with it.
      return event.breachId === null
        ? { when: [{ field: 'state', oneOf: ['running'] }], set: { state: 'withdrawn' } }
        : {
            when: [
              { field: 'state', oneOf: ['breached'] },
              { field: 'breachId', oneOf: [event.breachId] },
            ],
            set: { state: 'withdrawn' },
          };
    case 'WarningIssued':
      return {
        when: [
          { field: 'state', oneOf: ['running'] },
          { field: 'warnedAt', unset: true },
        ],
        set: { warnedAt: event.at },
      };
    case 'DeadlineBreached':
      return {
        when: [{ field: 'state', oneOf: ['running'] }],
        set: { state: 'breached', breachId: event.breachId },
      };
    case 'EscalationRaised':
      return {
        when: [
          { field: 'state', oneOf: ['breached'] },
          { field: 'escalationLevel', oneOf: [event.level - 1] },
        ],
        set: { escalationLevel: event.level },
      };
  }
}

function arrive(command: Extract<SummonsSlaCommand, { type: 'Arrive' }>, sla: SummonsSla): SummonsSlaEvent[] {
  const decision = decideArrival(sla, command.at);
  switch (decision.kind) {
    case 'ignore':
      return [];
    case 'met':
      return [{ type: 'ArrivedOnTime', at: command.at }];
    case 'retract':
      return [
        { type: 'BreachRetracted', breachId: sla.breachId!, arrivedAt: command.at, retractedAt: command.now },
      ];
    case 'late': {
      // The deadline timer has not run yet: the breach is recorded now, without a ladder.
      const breachId = decision.breach ? command.breachId : sla.breachId!;
      const late: SummonsSlaEvent = {
        type: 'ArrivedLate',
        breachId,
        arrivedAt: command.at,
        latenessSeconds: decision.latenessSeconds,
        closedAt: command.now,
      };
      return decision.breach ? [{ type: 'DeadlineBreached', breachId, at: command.now }, late] : [late];
    }
  }
}

function raised(
  sla: SummonsSla,
  command: { at: Date; escalationId: string; breachId: string },
  level: number,
  centerPath: string[] | null,
): SummonsSlaEvent {
  return {
    type: 'EscalationRaised',
    escalationId: command.escalationId,
    breachId: command.breachId,
    level,
    target: escalationTarget(level, sla.departmentId, centerPath ?? [sla.centerId]),
    at: command.at,
    nextDueAt: escalationDueAt(sla.deadline, level + 1, sla.policy),
  };
}

/** The whole seconds a warning issued at `at` leaves before the deadline (never negative). */
export function secondsBeforeDeadline(sla: Pick<SummonsSla, 'deadline'>, at: Date): number {
  return Math.max(0, Math.round((sla.deadline.getTime() - at.getTime()) / 1000));
}

/** Those of `events` whose transition the state allows, one after another. */
function allowed(sla: SummonsSla, events: SummonsSlaEvent[]): SummonsSlaEvent[] {
  const kept: SummonsSlaEvent[] = [];
  let state = sla;
  for (const event of events) {
    if (!transitionAllowed(state, transitionOf(event))) return kept;
    kept.push(event);
    state = evolve(state, event);
  }
  return kept;
}

export function decide(command: SummonsSlaCommand, sla: SummonsSla): SummonsSlaEvent[] {
  switch (command.type) {
    case 'Acknowledge':
      return allowed(sla, [{ type: 'AcknowledgementRecorded', at: command.at }]);
    case 'Arrive':
      return arrive(command, sla);
    case 'Withdraw':
      return allowed(sla, [{ type: 'Withdrawn', breachId: sla.breachId, at: command.now }]);
    case 'IssueWarning':
      return allowed(sla, [{ type: 'WarningIssued', at: command.at }]);
    case 'Breach': {
      const breach: SummonsSlaEvent = {
        type: 'DeadlineBreached',
        breachId: command.breachId,
        at: command.at,
      };
      const level1 = raised(sla, command, 1, null);
      return allowed(sla, [breach, level1]).length === 2 ? [breach, level1] : [];
    }
    case 'Escalate':
      // A stale timer (another breach, a level already raised) finds its transition refused.
      if (sla.breachId !== command.breachId) return [];
      return allowed(sla, [raised(sla, command, command.level, command.centerPath)]);
  }
}

/** The state an event leaves: its transition's fields, as the conditional UPDATE writes them. */
export function evolve(sla: SummonsSla, event: SummonsSlaEvent): SummonsSla {
  return applyTransition(sla, transitionOf(event));
}

/** The usual outcome of a command, tried by one conditional UPDATE with the locking read. */
export function usual(command: SummonsSlaCommand): SummonsSlaEvent | null {
  if (command.type === 'Acknowledge') return { type: 'AcknowledgementRecorded', at: command.at };
  if (command.type === 'IssueWarning') return { type: 'WarningIssued', at: command.at };
  if (command.type === 'Arrive') return { type: 'ArrivedOnTime', at: command.at };
  // The usual withdrawal, of a running summons (no breach to close); decide answers it for one.
  if (command.type === 'Withdraw') return { type: 'Withdrawn', breachId: null, at: command.now };
  return null;
}

export const summonsSlaDecider: Decider<SummonsSlaCommand, SummonsSla, SummonsSlaEvent> = {
  decide,
  evolve,
  transition: transitionOf,
  usual,
};
