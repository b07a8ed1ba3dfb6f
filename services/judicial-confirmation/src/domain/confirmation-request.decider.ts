import { ConflictError, NotFoundError, applyTransition, type Decider } from '@chuishao/kernel';
import { assertMayApply, mayFile, windowCloseOf } from './agreement';
import { liveRequestOf, retryDelayMs, type ConfirmationRequest } from './confirmation-request';
import { receiveNotice, requestNotFound } from './court-notices';
import {
  agreementTransition,
  ifAllowed,
  requestTransition,
  type Confirmation,
  type ConfirmationCommand,
  type ConfirmationEvent,
} from './confirmation-request.events';
import { DEADLINE_KINDS } from './deadlines';

export {
  requestNotFound,
  agreementTransition,
  requestTransition,
  type Confirmation,
  type ConfirmationCommand,
  type ConfirmationEvent,
};

type Of<T extends ConfirmationCommand['type']> = Extract<ConfirmationCommand, { type: T }>;

/** Another mediator, or a clerk of another center, learns nothing of an agreement (issue 16). */
export function agreementNotFound(agreementId: string): NotFoundError {
  return new NotFoundError('AGREEMENT_NOT_FOUND', `no agreement ${agreementId} (yet)`);
}

function recordAgreement(command: Of<'RecordAgreement'>): ConfirmationEvent {
  const windowEnd = windowCloseOf(command.agreement.effectiveAt, command.window, command.calendar);
  return {
    type: 'AgreementRecorded',
    agreement: { ...command.agreement, windowClosesAt: windowEnd.dueAt, windowState: 'open' },
    windowEnd,
    at: command.at,
  };
}

/**
 * The parties apply, jointly (agreement.ts says who may, and when), and only while the agreement
 * has no live application. Recorded `submitting`: the court has not seen it yet. The court decides
 * on acceptance within its period from the application.
 */
function requestConfirmation(command: Of<'RequestConfirmation'>, state: Confirmation): ConfirmationEvent {
  const { agreement } = state;
  if (!mayFile(agreement, command.filer) || !command.filerReachesCase)
    throw agreementNotFound(agreement.agreementId);
  assertMayApply(agreement, command.consentingParties, command.at);
  const live = liveRequestOf(state.requests);
  if (live)
    throw new ConflictError(
      'CONFIRMATION_ALREADY_REQUESTED',
      `the agreement already has an application (${live.status})`,
      { requestId: live.requestId, status: live.status },
    );
  const request: ConfirmationRequest = {
    requestId: command.requestId,
    agreementId: agreement.agreementId,
    caseId: agreement.caseId,
    courtId: command.courtId,
    consentingParties: [...new Set(command.consentingParties)],
    requestedBy: command.filer.id,
    requestedAt: command.at,
    status: 'submitting',
    filingId: null,
    courtCaseNumber: null,
    reasons: [],
    submitAttempts: 0,
    nextAttemptAt: command.at,
    lastError: null,
    submittedAt: null,
    acceptedAt: null,
    rulingDueAt: null,
    rulingExtended: false,
    ruledAt: null,
    enforcement: null,
    correlationId: command.correlationId,
  };
  const acceptanceEnd = command.calendar.endOf(command.at, command.acceptance);
  return { type: 'ConfirmationRequested', request, acceptanceEnd };
}

/** A failed attempt leaves the application `submitting`, the next attempt backed off. */
function filingFailed(command: Of<'RecordFilingFailure'>, request: ConfirmationRequest): ConfirmationEvent {
  const delay = retryDelayMs(request.submitAttempts + 1, command.retry.baseMs, command.retry.maxMs);
  return {
    type: 'FilingFailed',
    requestId: request.requestId,
    error: command.error,
    nextAttemptAt: new Date(command.at.getTime() + delay),
    at: command.at,
  };
}

/**
 * One of our deadlines came. Each is judged against the state, since a cancel may have lost the
 * race with the timer: the reminder and the missed window only while the window is open, a missed
 * acceptance only while the court has not answered, a missed ruling only while it has not ruled
 * (and not at the due time of a ruling period since extended).
 */
function reachDeadline(command: Of<'ReachDeadline'>, state: Confirmation): ConfirmationEvent[] {
  const { agreement } = state;
  switch (command.kind) {
    case DEADLINE_KINDS.windowReminder: {
      const remainingMs = agreement.windowClosesAt.getTime() - command.at.getTime();
      return ifAllowed(state, {
        type: 'WindowClosingNotified',
        windowClosesAt: agreement.windowClosesAt,
        secondsRemaining: Math.max(0, Math.round(remainingMs / 1000)),
      });
    }
    case DEADLINE_KINDS.window:
      return ifAllowed(state, { type: 'WindowMissed', dueAt: agreement.windowClosesAt });
    case DEADLINE_KINDS.acceptance:
      return ifAllowed(state, {
        type: 'AcceptanceMissed',
        requestId: command.subjectId,
        dueAt: command.dueAt,
      });
    case DEADLINE_KINDS.ruling: {
      const due = state.requests.find((r) => r.requestId === command.subjectId)?.rulingDueAt;
      if (!due || due.getTime() > command.dueAt.getTime()) return [];
      return ifAllowed(state, { type: 'RulingMissed', requestId: command.subjectId, dueAt: due });
    }
  }
}

/** `state`: null before the agreement is recorded. */
export function decide(command: ConfirmationCommand, state: Confirmation | null): ConfirmationEvent[] {
  if (command.type === 'RecordAgreement')
    // AgreementReached delivered again: one agreement.
    return state ? [] : [recordAgreement(command)];
  if (!state) throw new NotFoundError('AGREEMENT_NOT_FOUND', 'no such agreement');
  const request = (id: string) => state.requests.find((r) => r.requestId === id);
  switch (command.type) {
    case 'RequestConfirmation':
      return [requestConfirmation(command, state)];
    case 'RecordFiling': {
      const { requestId, filingId, at } = command;
      return ifAllowed(state, { type: 'ApplicationFiled', requestId, filingId, at });
    }
    case 'RecordFilingFailure': {
      const failed = request(command.requestId);
      return failed ? ifAllowed(state, filingFailed(command, failed)) : [];
    }
    case 'ReceiveCourtNotice':
      return receiveNotice(command, state);
    case 'ReachDeadline':
      return reachDeadline(command, state);
  }
}

/** A request after an event: its transition's fields, and what depends on the request itself. */
function evolveRequest(request: ConfirmationRequest, event: ConfirmationEvent): ConfirmationRequest {
  const next = applyTransition(request, requestTransition(event)!.transition);
  if (event.type === 'ApplicationFiled')
    return {
      ...next,
      submitAttempts: request.submitAttempts + 1,
      status: request.status === 'submitting' ? 'submitted' : request.status,
    };
  if (event.type === 'FilingFailed') return { ...next, submitAttempts: request.submitAttempts + 1 };
  return next;
}

/** The state an event leaves: its transitions' fields, as the store writes them. */
export function evolve(state: Confirmation | null, event: ConfirmationEvent): Confirmation {
  if (event.type === 'AgreementRecorded') return { agreement: event.agreement, requests: [] };
  if (!state) throw new NotFoundError('AGREEMENT_NOT_FOUND', `${event.type} before the agreement`);
  const change = requestTransition(event);
  const requests =
    event.type === 'ConfirmationRequested' ? [...state.requests, event.request] : state.requests;
  return {
    agreement: applyTransition(state.agreement, agreementTransition(event)),
    requests: requests.map((r) => (change && r.requestId === change.requestId ? evolveRequest(r, event) : r)),
  };
}

/** The aggregate's own record has no fields of its own: its parts' tables are above. */
export const confirmationDecider: Decider<ConfirmationCommand, Confirmation, ConfirmationEvent> = {
  decide,
  evolve,
  transition: () => ({ when: [], set: {} }),
};
