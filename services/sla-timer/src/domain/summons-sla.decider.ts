import { applyTransition, transitionAllowed, type Decider, type Transition } from '@chuishao/kernel';
import type { DueLevel } from './escalation-policy';
import { breach, escalate, escalateByHand } from './escalation.decide';
import { decideArrival, type EscalationTarget, type SummonsSla } from './sla';

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
  /** `centerPath`: the case's centers, district first (null when CaseRegistered was not seen). */
  | { type: 'Breach'; at: Date; breachId: string; escalationId: string; centerPath: string[] | null }
  | {
      type: 'Escalate';
      at: Date;
      level: number;
      breachId: string;
      escalationId: string;
      centerPath: string[] | null;
    }
  /** A supervisor raises `level` now, above the ladder's current one (issue 20 item 2). */
  | { type: 'EscalateByHand'; at: Date; level: number; escalationId: string; centerPath: string[] | null };

export type SummonsSlaEvent =
  | { type: 'AcknowledgementRecorded'; at: Date }
  | { type: 'ArrivedOnTime'; at: Date }
  | { type: 'BreachRetracted'; breachId: string; arrivedAt: Date; retractedAt: Date }
  | { type: 'ArrivedLate'; breachId: string; arrivedAt: Date; latenessSeconds: number; closedAt: Date }
  | { type: 'Withdrawn'; breachId: string | null; at: Date }
  | { type: 'WarningIssued'; at: Date }
  /** `next`: the first level to chase, when it is not due at once (null: the ladder is empty). */
  | { type: 'DeadlineBreached'; breachId: string; at: Date; next?: NextLevel | null }
  | {
      type: 'EscalationRaised';
      escalationId: string;
      breachId: string;
      level: number;
      /** The level raised before (levels that resolved to nobody were skipped in between). */
      fromLevel: number;
      target: EscalationTarget;
      at: Date;
      /** The next level that chases somebody and when it is due, or null past the ladder's end. */
      next: NextLevel | null;
    };

export type NextLevel = Pick<DueLevel, 'level' | 'dueAt'>;

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
          { field: 'escalationLevel', oneOf: [event.fromLevel] },
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
    case 'Breach':
      return breach(command, sla, allowed);
    case 'Escalate':
      return escalate(command, sla, allowed);
    case 'EscalateByHand':
      return escalateByHand(command, sla, allowed);
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
