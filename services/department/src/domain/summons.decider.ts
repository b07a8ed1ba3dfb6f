import { InvalidError, NotFoundError, applyTransition, type Decider } from '@chuishao/kernel';
import { standDownApplies, summonsAnswerApplies } from '@chuishao/contracts';
import { assertActsFor, summonsNotFound, type Caller } from './department-access';
import {
  alreadyPast,
  arrivalNote,
  declineReason,
  notifySummons,
  type ArrivalLocation,
  type NewSummons,
  type Summons,
} from './summons';
import { ANSWER_OF, summonsTransition, type SummonsAnswered, type SummonsEvent } from './summons.events';

export { summonsTransition, type SummonsAnswered, type SummonsEvent };

/**
 * What can be asked of a summons in department. Times come in the command (the caller's clock),
 * so `decide` does no I/O. An answer carries the verified caller: who may answer is the
 * summons' rule too (department-access.ts), decided with the rest.
 */
export type SummonsCommand =
  /** Dispatch summoned a department (WhistleBlown, DepartmentReassigned, SummonsAdded). */
  | { type: 'Notify'; summons: NewSummons }
  | { type: 'Acknowledge'; summonsId: string; caller: Caller; at: Date }
  | {
      type: 'ReportArrival';
      summonsId: string;
      caller: Caller;
      at: Date;
      note?: string | null;
      /** Where the liaison's phone was, if it gave a position. */
      location?: ArrivalLocation | null;
    }
  | { type: 'Decline'; summonsId: string; caller: Caller; at: Date; reason: string }
  /** Dispatch stood the department down (SummonsStoodDown): dispatch decided, department follows. */
  | { type: 'StandDown'; summonsId: string; at: Date; reason: string };

export type SummonsAnswer = Exclude<SummonsCommand, { type: 'Notify' | 'StandDown' }>;

/**
 * The event an answer gives, its input checked (InvalidError naming the field otherwise). The
 * department is the caller's: the transition table lets it move only that department's summons.
 */
function answered(command: SummonsAnswer): SummonsAnswered {
  const { summonsId, at } = command;
  const departmentId = command.caller.departmentId ?? '';
  switch (command.type) {
    case 'Acknowledge':
      return { type: 'SummonsAcknowledged', summonsId, departmentId, at };
    case 'ReportArrival':
      return {
        type: 'ArrivalReported',
        summonsId,
        departmentId,
        at,
        note: arrivalNote(command.note),
        location: command.location ?? null,
      };
    case 'Decline':
      return { type: 'SummonsDeclined', summonsId, departmentId, at, reason: declineReason(command.reason) };
  }
}

const ANSWER_OF_COMMAND = {
  Acknowledge: ANSWER_OF.SummonsAcknowledged,
  ReportArrival: ANSWER_OF.ArrivalReported,
  Decline: ANSWER_OF.SummonsDeclined,
} as const;

/**
 * An answer, in the order the liaison's client has always been told: 404 (no summons, or
 * another department's), 403 (not a liaison), then for a decline its reason (400) before the
 * summons' state (409), and for the others the state before the note.
 */
function answer(command: SummonsAnswer, summons: Summons | null): SummonsEvent[] {
  if (!summons) throw summonsNotFound(command.summonsId);
  assertActsFor(command.caller, summons);
  const event = command.type === 'Decline' ? answered(command) : null;
  if (!summonsAnswerApplies(summons.status, ANSWER_OF_COMMAND[command.type])) throw alreadyPast(summons);
  return [event ?? answered(command)];
}

/** `summons`: null before it is notified (stored). */
export function decide(command: SummonsCommand, summons: Summons | null): SummonsEvent[] {
  if (command.type === 'Notify') {
    // The same summons published again (another event id): it is left as it is.
    return summons ? [] : [{ type: 'SummonsNotified', summons: notifySummons(command.summons) }];
  }
  if (command.type === 'StandDown') {
    // Dispatch's decision stands; a summons never seen, or already past (its department arrived
    // meanwhile, a redelivery), is left as it is.
    if (!summons || !standDownApplies(summons.status)) return [];
    return [{ type: 'SummonsStoodDown', summonsId: summons.id, at: command.at, reason: command.reason }];
  }
  return answer(command, summons);
}

/** The state an event leaves: the transition table's fields, as the store writes them. */
export function evolve(summons: Summons | null, event: SummonsEvent): Summons {
  if (event.type === 'SummonsNotified') return event.summons;
  if (!summons) throw new NotFoundError('SUMMONS_NOT_FOUND', `${event.type} before the summons was notified`);
  return applyTransition(summons, summonsTransition(event));
}

/**
 * The event an answer causes whenever it is allowed, known before the summons is read: a
 * liaison's answer with valid input. `decide` answers exactly [it] whenever its transition's
 * conditions hold (the unit spec checks every status and department), so the fast path may write
 * it as the table's conditional UPDATE. Anything else (another role, invalid input) is left to
 * `decide` on the loaded summons, which may have to answer 404 or 403 first.
 */
export function usual(command: SummonsCommand): SummonsAnswered | null {
  if (command.type === 'Notify' || command.type === 'StandDown') return null;
  if (command.caller.role !== 'liaison' || !command.caller.departmentId) return null;
  try {
    return answered(command);
  } catch (error) {
    if (error instanceof InvalidError) return null;
    throw error;
  }
}

/**
 * The decider the CommandHandler runs. It has no `usual`: department tries an answer's usual
 * event before the handler, outside any transaction, as one statement with its outbox rows
 * (SummonsCommands), so the handler is reached only when that did not apply.
 */
export const summonsDecider: Decider<SummonsCommand, Summons, SummonsEvent> = {
  decide,
  evolve,
  transition: summonsTransition,
};
