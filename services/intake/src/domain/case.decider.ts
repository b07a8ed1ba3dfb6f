import {
  ConflictError,
  InvalidError,
  NotFoundError,
  applyTransition,
  transitionAllowed,
  type Decider,
} from '@chuishao/kernel';
import { isClosed } from './case-status';
import {
  REFERRAL_REASON_MAX,
  RULING_REASON_MAX,
  caseTransition,
  type CaseCommand,
  type CaseEvent,
  type CaseState,
} from './case.events';
import { buildParties, requiredText } from './dispute-case';

export { caseTransition, type CaseCommand, type CaseEvent, type CaseState };

type Of<T extends CaseCommand['type']> = Extract<CaseCommand, { type: T }>;

/** A registration: its summary and its parties checked (an applicant, valid ID numbers and phones). */
function register(command: Of<'Register'>): CaseEvent {
  const summary = requiredText(command.summary, 'SUMMARY_REQUIRED', 'summary');
  const parties = buildParties(command.parties, command.newPartyId);
  return {
    type: 'CaseRegistered',
    dispute: {
      id: command.id,
      caseNo: command.caseNo,
      centerId: command.centerId,
      channel: command.channel,
      disputeType: command.disputeType,
      summary,
      headcount: command.headcount,
      urgency: command.urgency,
      status: 'registered',
      parties,
      registeredAt: command.at,
      closedAt: null,
      closeReason: null,
    },
  };
}

/** The move, when it takes the case further on; none when the case is there or beyond already. */
function progress(status: Of<'RecordProgress'>['status'], at: Date, state: CaseState): CaseEvent[] {
  const event: CaseEvent = { type: 'ProgressRecorded', status, at };
  return transitionAllowed(state, caseTransition(event)) ? [event] : [];
}

function close(command: Of<'Close'>, state: CaseState): CaseEvent[] {
  const reason = requiredText(command.reason, 'CLOSE_REASON_REQUIRED', 'reason');
  if (isClosed(state.status))
    throw new ConflictError('CASE_ALREADY_CLOSED', `case ${state.caseNo} is already closed`);
  return [{ type: 'CaseClosed', reason, at: command.at }];
}

/** The ruling moves the case (confirmed, rejected), then closes it unless a clerk already has. */
function followRuling(command: Of<'FollowRuling'>, state: CaseState): CaseEvent[] {
  const moved = progress(command.status, command.ruledAt, state);
  const after = moved.reduce(evolve, state);
  if (isClosed(after.status)) return moved;
  const reason = command.reason.slice(0, RULING_REASON_MAX);
  return [...moved, { type: 'CaseClosed', reason, at: command.at }];
}

/** A move to the next tier: an open case, a reason, and a center that is the case's neighbour. */
function refer(command: Of<'Refer'>, state: CaseState): CaseEvent[] {
  const reason = requiredText(command.reason, 'REFERRAL_REASON_REQUIRED', 'reason');
  if (reason.length > REFERRAL_REASON_MAX)
    throw new InvalidError('REFERRAL_REASON_TOO_LONG', `at most ${REFERRAL_REASON_MAX} characters`, 'reason');
  if (isClosed(state.status))
    throw new ConflictError(
      'CASE_ALREADY_CLOSED',
      `case ${state.caseNo} is closed; it stays where it closed`,
    );
  if (command.from.id !== state.centerId)
    throw new Error(`a referral from ${command.from.id} of a case at ${state.centerId}`);
  if (!command.direction)
    throw new ConflictError(
      'REFERRAL_NOT_NEIGHBOUR',
      `a case moves to its center's parent or to a center directly below, not to ${command.to.id}`,
      { field: 'toCenterId' },
    );
  return [
    {
      type: 'CaseReferred',
      direction: command.direction,
      from: command.from,
      to: command.to,
      reason,
      at: command.at,
    },
  ];
}

/** `state`: null before the case is registered. */
export function decide(command: CaseCommand, state: CaseState | null): CaseEvent[] {
  if (command.type === 'Register') {
    if (state) throw new ConflictError('CASE_EXISTS', `case ${state.caseNo} exists already`);
    return [register(command)];
  }
  if (!state) throw new NotFoundError('CASE_NOT_FOUND', 'no such case');
  switch (command.type) {
    case 'RecordProgress':
      return progress(command.status, command.at, state);
    case 'Close':
      return close(command, state);
    case 'FollowRuling':
      return followRuling(command, state);
    case 'Refer':
      return refer(command, state);
  }
}

/** The state an event leaves: its transition's fields (a registration: the new case's row). */
export function evolve(state: CaseState | null, event: CaseEvent): CaseState {
  if (event.type === 'CaseRegistered') {
    const { id, caseNo, centerId, status, closedAt, closeReason, registeredAt } = event.dispute;
    return { id, caseNo, centerId, status, closedAt, closeReason, statusChangedAt: registeredAt };
  }
  if (!state) throw new NotFoundError('CASE_NOT_FOUND', `${event.type} before the case was registered`);
  return applyTransition(state, caseTransition(event));
}

export const caseDecider: Decider<CaseCommand, CaseState, CaseEvent> = {
  decide,
  evolve,
  transition: caseTransition,
  /** Progress is tried while the row is locked: one statement when it moves the case. */
  usual: (command) =>
    command.type === 'RecordProgress'
      ? { type: 'ProgressRecorded', status: command.status, at: command.at }
      : null,
};
