import { NotFoundError } from '@chuishao/kernel';
import type { Agreement } from './agreement';
import type { ConfirmationRequest } from './confirmation-request';
import {
  ifAllowed,
  type Confirmation,
  type ConfirmationCommand,
  type ConfirmationEvent,
  type NoticeEffectKind,
} from './confirmation-request.events';
import { enforcementWindowOf } from './enforcement';

/** A court's notices to the confirmation decider: what each does to an application, once. */
type Of<T extends ConfirmationCommand['type']> = Extract<ConfirmationCommand, { type: T }>;

export function requestNotFound(requestId: string, courtId: string): NotFoundError {
  return new NotFoundError('REQUEST_NOT_FOUND', `no application ${requestId} filed with ${courtId}`);
}

/** What the notice would do to the request; null when there is nothing to count a period from. */
function noticeEvent(
  command: Of<'ReceiveCourtNotice'>,
  request: ConfirmationRequest,
  agreement: Agreement,
): ConfirmationEvent | null {
  const { notice, periods } = command;
  const named = { requestId: request.requestId, filingId: command.filingId };
  switch (notice.type) {
    case 'accepted': {
      const rulingEnd = periods.calendar.endOf(notice.at, periods.ruling);
      return {
        type: 'ConfirmationAccepted',
        ...named,
        courtCaseNumber: notice.courtCaseNumber,
        rulingEnd,
        at: notice.at,
      };
    }
    case 'refused':
      return { type: 'ConfirmationRefused', ...named, reasons: notice.reasons, at: notice.at };
    case 'ruling-extended':
      // From the day after the original period's last day.
      if (!request.rulingDueAt) return null;
      return {
        type: 'RulingExtended',
        ...named,
        rulingEnd: periods.calendar.endAfter(request.rulingDueAt, periods.rulingExtension),
      };
    case 'ruled':
      return {
        type: 'ConfirmationRuled',
        ...named,
        outcome: notice.outcome,
        reasons: notice.reasons,
        // A confirmed agreement is enforceable: the two years to apply for enforcement start.
        enforcement:
          notice.outcome === 'confirmed' ? enforcementWindowOf(agreement, notice.at, periods.calendar) : null,
        at: notice.at,
      };
  }
}

const EFFECT_OF: Partial<Record<ConfirmationEvent['type'], NoticeEffectKind>> = {
  ConfirmationAccepted: 'accepted',
  ConfirmationRefused: 'refused',
  RulingExtended: 'extended',
  ConfirmationRuled: 'ruled',
};

function ignoredBecause(command: Of<'ReceiveCourtNotice'>, request: ConfirmationRequest): string {
  if (command.notice.type === 'ruling-extended') return `no extendable ruling period (${request.status})`;
  if (command.notice.type === 'ruled') return `not awaiting a ruling (${request.status})`;
  return `already ${request.status}`;
}

/**
 * A court's notice, applied once per callback id. One that does not fit the request's state is
 * recorded as received and changes nothing; a refusal hands the window back to the parties.
 */
export function receiveNotice(command: Of<'ReceiveCourtNotice'>, state: Confirmation): ConfirmationEvent[] {
  const request = state.requests.find((r) => r.requestId === command.requestId);
  if (!request || request.courtId !== command.courtId)
    throw requestNotFound(command.requestId, command.courtId);
  if (command.alreadyReceived) return [];
  const candidate = noticeEvent(command, request, state.agreement);
  const effects = candidate ? ifAllowed(state, candidate) : [];
  const received: ConfirmationEvent = {
    type: 'CourtNoticeReceived',
    courtId: command.courtId,
    callbackId: command.callbackId,
    requestId: request.requestId,
    noticeType: command.notice.type,
    effect: effects[0] ? EFFECT_OF[effects[0].type]! : 'ignored',
    ignoredBecause: effects[0] ? null : ignoredBecause(command, request),
    at: command.at,
  };
  const reopened =
    effects[0]?.type === 'ConfirmationRefused'
      ? ifAllowed(state, { type: 'WindowReopened', requestId: request.requestId, at: command.at })
      : [];
  return [...effects, received, ...reopened];
}
