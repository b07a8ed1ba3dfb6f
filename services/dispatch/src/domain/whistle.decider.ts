import {
  ConflictError,
  InvalidError,
  NotFoundError,
  addSeconds,
  applyTransition,
  transitionAllowed,
  type Decider,
} from '@chuishao/kernel';
import { standDownApplies, type SummonsAnswer } from '@chuishao/contracts';
import { blow, type BlowCommand } from './whistle-blow';
import { summonsTransition, whistleTransition, type WhistleEvent } from './whistle.events';
import { activeSummons, newSummons, summonsOf, type SummonedDepartment, type Whistle } from './whistle';

export { summonsTransition, whistleTransition, type WhistleEvent };
export { whistleAlreadyOpen, type BlowCommand, type CaseToWhistle } from './whistle-blow';

/**
 * What can be asked of a whistle. Ids and times come in the command (the caller's clock and id
 * generator), and the directory as read before the transaction, so `decide` does no I/O.
 */
export type WhistleCommand =
  | BlowCommand
  /** A department's answer to its summons, as read from `department-responses`. */
  | { type: 'RecordAnswer'; summonsId: string; answer: SummonsAnswer; at: Date; reason: string | null }
  /** Asked after an arrival was recorded: completes the whistle once everyone expected is on site. */
  | { type: 'Complete'; at: Date }
  | {
      type: 'Reassign';
      fromDepartmentId: string;
      to: SummonedDepartment;
      reason: string;
      at: Date;
      newSummonsId: string;
    }
  /** An operator summons one more department mid-incident, due on site `slaSeconds` from `at`. */
  | {
      type: 'AddDepartment';
      to: SummonedDepartment;
      reason: string;
      at: Date;
      slaSeconds: number;
      newSummonsId: string;
    }
  /** An operator stands a summoned department down before it arrived. */
  | { type: 'StandDown'; summonsId: string; reason: string; at: Date };

function answered(command: Extract<WhistleCommand, { type: 'RecordAnswer' }>): WhistleEvent {
  const { summonsId, at } = command;
  if (command.answer === 'acknowledged') return { type: 'AcknowledgementRecorded', summonsId, at };
  if (command.answer === 'arrived') return { type: 'ArrivalRecorded', summonsId, at };
  return { type: 'DeclineRecorded', summonsId, at, reason: command.reason };
}

/** [event] when the whistle allows its transitions (its own row's and its summons'), else none. */
function allowed(whistle: Whistle, event: WhistleEvent): WhistleEvent[] {
  const change = summonsTransition(event);
  const summons = change && summonsOf(whistle, change.summonsId);
  if (summons && !transitionAllowed(summons, change.transition)) return [];
  return transitionAllowed(whistle, whistleTransition(event)) ? [event] : [];
}

/**
 * Replaces a department that declined with another one, which gets a fresh summons and a fresh
 * deadline (now + SLA): it is only now being asked to come.
 */
function reassign(command: Extract<WhistleCommand, { type: 'Reassign' }>, whistle: Whistle): WhistleEvent[] {
  assertOpen(whistle);
  const from = activeSummons(whistle).find((s) => s.departmentId === command.fromDepartmentId);
  if (!from)
    throw new InvalidError(
      'DEPARTMENT_NOT_SUMMONED',
      `${command.fromDepartmentId} is not summoned by this whistle`,
      'fromDepartmentId',
    );
  if (from.status !== 'declined')
    throw new ConflictError(
      'SUMMONS_NOT_DECLINED',
      `${command.fromDepartmentId} has not declined (its summons is ${from.status}); only a declined department can be replaced`,
    );
  if (activeSummons(whistle).some((s) => s.departmentId === command.to.id))
    throw new ConflictError(
      'DEPARTMENT_ALREADY_SUMMONED',
      `${command.to.id} is already summoned by this whistle`,
    );
  const replacement = newSummons(
    command.newSummonsId,
    command.to,
    addSeconds(command.at, whistle.slaSeconds),
  );
  return allowed(whistle, {
    type: 'DepartmentReassigned',
    fromSummonsId: from.id,
    fromDepartmentId: from.departmentId,
    replacement,
    reason: command.reason,
    at: command.at,
  });
}

function assertOpen(whistle: Whistle): void {
  if (whistle.status !== 'open')
    throw new ConflictError('WHISTLE_NOT_OPEN', `whistle ${whistle.id} is ${whistle.status}`);
}

/** More hands: a department not yet expected on site gets a summons of its own, due from now. */
function addDepartment(
  command: Extract<WhistleCommand, { type: 'AddDepartment' }>,
  whistle: Whistle,
): WhistleEvent[] {
  assertOpen(whistle);
  if (activeSummons(whistle).some((s) => s.departmentId === command.to.id))
    throw new ConflictError(
      'DEPARTMENT_ALREADY_SUMMONED',
      `${command.to.id} is already summoned by this whistle`,
    );
  const summons = newSummons(command.newSummonsId, command.to, addSeconds(command.at, command.slaSeconds));
  return allowed(whistle, { type: 'SummonsAdded', summons, reason: command.reason, at: command.at });
}

/** Why a summons cannot be stood down, by its status (only notified and acknowledged can). */
function notStandable(status: string, summonsId: string): ConflictError {
  if (status === 'arrived')
    return new ConflictError('SUMMONS_ALREADY_ARRIVED', `summons ${summonsId} is already on site`);
  if (status === 'stood_down')
    return new ConflictError('SUMMONS_ALREADY_STOOD_DOWN', `summons ${summonsId} was stood down already`);
  return new ConflictError(
    'SUMMONS_DECLINED',
    `summons ${summonsId} was declined; reassign it instead of standing it down`,
  );
}

/**
 * Fewer hands: a department not yet on site is no longer expected. The whistle keeps at least one
 * expected department; if every other one is on site already, the stand-down completes it.
 */
function standDown(
  command: Extract<WhistleCommand, { type: 'StandDown' }>,
  whistle: Whistle,
): WhistleEvent[] {
  assertOpen(whistle);
  const summons = summonsOf(whistle, command.summonsId);
  if (!standDownApplies(summons.status)) throw notStandable(summons.status, summons.id);
  if (activeSummons(whistle).length <= 1)
    throw new ConflictError(
      'LAST_SUMMONS',
      `summons ${summons.id} is the last department expected; a whistle keeps at least one`,
    );
  const stoodDown = allowed(whistle, {
    type: 'SummonsStoodDown',
    summonsId: summons.id,
    departmentId: summons.departmentId,
    reason: command.reason,
    at: command.at,
  });
  const after = stoodDown.reduce<Whistle>((state, event) => evolve(state, event), whistle);
  return [...stoodDown, ...complete({ type: 'Complete', at: command.at }, after)];
}

/** The whistle completes, once, when every department still expected is on site. */
function complete(command: Extract<WhistleCommand, { type: 'Complete' }>, whistle: Whistle): WhistleEvent[] {
  if (!activeSummons(whistle).every((s) => s.status === 'arrived')) return [];
  return allowed(whistle, { type: 'WhistleCompleted', at: command.at });
}

/** `whistle`: null before it is blown. */
export function decide(command: WhistleCommand, whistle: Whistle | null): WhistleEvent[] {
  if (command.type === 'Blow') {
    if (whistle) throw new ConflictError('WHISTLE_EXISTS', `whistle ${whistle.id} was blown already`);
    return [blow(command)];
  }
  if (!whistle) throw new NotFoundError('WHISTLE_NOT_FOUND', 'no such whistle');
  switch (command.type) {
    case 'RecordAnswer':
      return allowed(whistle, answered(command));
    case 'Complete':
      return complete(command, whistle);
    case 'Reassign':
      return reassign(command, whistle);
    case 'AddDepartment':
      return addDepartment(command, whistle);
    case 'StandDown':
      return standDown(command, whistle);
  }
}

/** The state an event leaves: its transitions' fields, as the store writes them. */
export function evolve(whistle: Whistle | null, event: WhistleEvent): Whistle {
  if (event.type === 'WhistleBlown') return event.whistle;
  if (!whistle) throw new NotFoundError('WHISTLE_NOT_FOUND', `${event.type} before the whistle was blown`);
  const change = summonsTransition(event);
  const summons = whistle.summons.map((s) =>
    change && s.id === change.summonsId ? applyTransition(s, change.transition) : s,
  );
  if (event.type === 'DepartmentReassigned') summons.push(event.replacement);
  if (event.type === 'SummonsAdded') summons.push(event.summons);
  return { ...applyTransition(whistle, whistleTransition(event)), summons };
}

/**
 * An answer's usual outcome, known before the whistle is read: the store tries its summons
 * transition with the statement that locks the whistle. An arrival is only that: whether it
 * completed the whistle is the next command's question (Complete), asked on the whistle as it stands.
 */
export function usual(command: WhistleCommand): WhistleEvent | null {
  return command.type === 'RecordAnswer' ? answered(command) : null;
}

export const whistleDecider: Decider<WhistleCommand, Whistle, WhistleEvent> = {
  decide,
  evolve,
  transition: whistleTransition,
  usual,
};
