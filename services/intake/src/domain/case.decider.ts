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
import { buildParties, casePlaceOf, requiredText } from './dispute-case';
import { FOLLOW_UP_COMMENT_MAX, reopens } from './follow-up';

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
      place: casePlaceOf(command.place),
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
  return closing(reason, command.at, command.followUpDueAt);
}

/** A closing, and the follow-up it makes due (回访). */
function closing(reason: string, at: Date, followUpDueAt: Date): CaseEvent[] {
  return [
    { type: 'CaseClosed', reason, at },
    { type: 'FollowUpScheduled', closedAt: at, dueAt: followUpDueAt },
  ];
}

/** The ruling moves the case (confirmed, rejected), then closes it unless a clerk already has. */
function followRuling(command: Of<'FollowRuling'>, state: CaseState): CaseEvent[] {
  const moved = progress(command.status, command.ruledAt, state);
  const after = moved.reduce(evolve, state);
  if (isClosed(after.status)) return moved;
  const reason = command.reason.slice(0, RULING_REASON_MAX);
  return [...moved, ...closing(reason, command.at, command.followUpDueAt)];
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

/**
 * A party's answer to the follow-up of a closed case: once per closing; an unsatisfied answer needs
 * its comment and reopens the case, back to the operator's queue (issue #19 item 2).
 */
function recordFollowUp(command: Of<'RecordFollowUp'>, state: CaseState): CaseEvent[] {
  const comment = command.comment.trim();
  if (comment.length > FOLLOW_UP_COMMENT_MAX)
    throw new InvalidError(
      'FOLLOW_UP_COMMENT_TOO_LONG',
      `at most ${FOLLOW_UP_COMMENT_MAX} characters`,
      'comment',
    );
  if (reopens(command.answer) && comment === '')
    throw new InvalidError('FOLLOW_UP_COMMENT_REQUIRED', 'an unsatisfied answer says why', 'comment');
  if (state.status !== 'closed' || !state.closedAt)
    throw new ConflictError(
      'CASE_NOT_CLOSED',
      `case ${state.caseNo} is not closed; a follow-up comes after the closing`,
    );
  if (state.followedUpAt)
    throw new ConflictError(
      'FOLLOW_UP_ALREADY_RECORDED',
      `case ${state.caseNo}'s follow-up is answered already`,
    );
  const { channel, answer, resolved, at } = command;
  const recorded: CaseEvent = {
    type: 'FollowUpRecorded',
    channel,
    answer,
    resolved,
    comment,
    closedAt: state.closedAt,
    at,
  };
  return reopens(answer) ? [recorded, { type: 'CaseReopened', comment, at }] : [recorded];
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
    case 'RecordFollowUp':
      return recordFollowUp(command, state);
  }
}

/** The state an event leaves: its transition's fields (a registration: the new case's row). */
export function evolve(state: CaseState | null, event: CaseEvent): CaseState {
  if (event.type === 'CaseRegistered') {
    const { id, caseNo, centerId, status, closedAt, closeReason, registeredAt } = event.dispute;
    return {
      id,
      caseNo,
      centerId,
      status,
      closedAt,
      closeReason,
      statusChangedAt: registeredAt,
      followUpDueAt: null,
      followedUpAt: null,
    };
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
