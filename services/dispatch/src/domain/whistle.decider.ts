import {
  ConflictError,
  InvalidError,
  NotFoundError,
  addSeconds,
  applyTransition,
  transitionAllowed,
  type Decider,
} from '@chuishao/kernel';
import type { SummonsAnswer } from '@chuishao/contracts';
import type { KnownCase } from './known-case';
import { departmentsToSummon, type DirectoryDepartment } from './routing';
import { summonsTransition, whistleTransition, type WhistleEvent } from './whistle.events';
import { activeSummons, newSummons, summonsOf, type SummonedDepartment, type Whistle } from './whistle';

export { summonsTransition, whistleTransition, type WhistleEvent };

/** What blowing a whistle on a case reads of it (dispatch's copy, locked while deciding). */
export interface CaseToWhistle extends KnownCase {
  hasOpenWhistle: boolean;
  /** The kinds the routing rule of the case's dispute type names; null without one. */
  ruleDepartmentKinds: string[] | null;
}

/**
 * What can be asked of a whistle. Ids and times come in the command (the caller's clock and id
 * generator), and the directory as read before the transaction, so `decide` does no I/O.
 */
export type WhistleCommand =
  | {
      type: 'Blow';
      whistleId: string;
      case: CaseToWhistle;
      /** Named by the operator; otherwise the routing rule of the case's dispute type decides. */
      departmentIds?: string[];
      directory: readonly DirectoryDepartment[];
      reason: string | null;
      at: Date;
      slaSeconds: number;
      newSummonsId: () => string;
    }
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
    };

export function whistleAlreadyOpen(caseNo: string): ConflictError {
  return new ConflictError('WHISTLE_ALREADY_OPEN', `case ${caseNo} already has an open whistle`);
}

/** The whistle: every department summoned, all due on site by the blow + SLA. */
function blow(command: Extract<WhistleCommand, { type: 'Blow' }>): WhistleEvent {
  const known = command.case;
  if (known.closed)
    throw new ConflictError('CASE_CLOSED', `case ${known.caseNo} is closed; nothing can be whistled on it`);
  if (known.hasOpenWhistle) throw whistleAlreadyOpen(known.caseNo);
  const departments = departmentsToSummon(command.departmentIds, known, command.directory);
  if (departments.length === 0)
    throw new InvalidError(
      'NO_DEPARTMENTS',
      'a whistle must summon at least one department',
      'departmentIds',
    );
  const arrivalDeadline = addSeconds(command.at, command.slaSeconds);
  const whistle: Whistle = {
    id: command.whistleId,
    caseId: known.caseId,
    caseNo: known.caseNo,
    centerId: known.centerId,
    status: 'open',
    reason: command.reason,
    slaSeconds: command.slaSeconds,
    blownAt: command.at,
    arrivalDeadline,
    completedAt: null,
    summons: departments.map(({ id, name, kind }) =>
      newSummons(command.newSummonsId(), { id, name, kind }, arrivalDeadline),
    ),
  };
  return { type: 'WhistleBlown', whistle, disputeType: known.disputeType, urgency: known.urgency };
}

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
  if (whistle.status !== 'open')
    throw new ConflictError('WHISTLE_NOT_OPEN', `whistle ${whistle.id} is ${whistle.status}`);
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
