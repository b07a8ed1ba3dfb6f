import { transitionAllowed, type Condition, type Transition } from '@chuishao/kernel';
import type { LegalCalendar, LegalPeriod, PeriodEnd } from '@chuishao/legal-calendar';
import type { Agreement } from './agreement';
import type { ConfirmationRequest, CourtNotice, CourtPeriods } from './confirmation-request';
import type { DeadlineKind } from './deadlines';
import type { EnforcementWindow } from './enforcement';

/**
 * The aggregate: an agreement and every application for its confirmation. They are decided
 * together, under the agreement's lock, because their rules span both: one live application per
 * agreement, the window `applied` while one is pending and `open` again after a refusal.
 */
export interface Confirmation {
  agreement: Agreement;
  /** In the order they were made. */
  requests: ConfirmationRequest[];
}

/**
 * What can be asked of an agreement's confirmation. Ids, times and the calendar come in the
 * command (the caller's clock, id generator and holiday schedules), and so does what a lookup
 * answered (whether the filer's post reaches the case, whether a callback was seen), so `decide`
 * does no I/O.
 */
export type ConfirmationCommand =
  /** mediation's AgreementReached: the window opens from its effective date. */
  | {
      type: 'RecordAgreement';
      agreement: Omit<Agreement, 'windowClosesAt' | 'windowState'>;
      window: LegalPeriod;
      calendar: LegalCalendar;
      at: Date;
    }
  | {
      type: 'RequestConfirmation';
      requestId: string;
      courtId: string;
      consentingParties: string[];
      filer: { role: string; id: string };
      /** Whether the filer's post reaches the case (a clerk: their own center's cases). */
      filerReachesCase: boolean;
      acceptance: LegalPeriod;
      calendar: LegalCalendar;
      correlationId: string;
      at: Date;
    }
  /** The court took the filing (its answer to our submit call). */
  | { type: 'RecordFiling'; requestId: string; filingId: string; at: Date }
  /** The court was down, slow or answered non-2xx: try again later. */
  | {
      type: 'RecordFilingFailure';
      requestId: string;
      error: string;
      retry: { baseMs: number; maxMs: number };
      at: Date;
    }
  /** A court's signed callback (signature verified); `alreadyReceived`: its id was acted on. */
  | {
      type: 'ReceiveCourtNotice';
      courtId: string;
      callbackId: string;
      requestId: string;
      filingId: string | null;
      notice: CourtNotice;
      alreadyReceived: boolean;
      periods: CourtPeriods;
      at: Date;
    }
  /** sla-timer's DeadlineReached for one of ours: the subject is the agreement or a request. */
  | { type: 'ReachDeadline'; kind: DeadlineKind; subjectId: string; dueAt: Date; at: Date };

/** What a court notice did: the kinds court_callbacks and the callback's answer name. */
export type NoticeEffectKind = 'accepted' | 'refused' | 'extended' | 'ruled' | 'ignored';

/**
 * What happens to an agreement's confirmation (the decider's events), and the transition tables:
 * what each event writes to the agreement and to one of its requests, and from which states.
 * `evolve` applies them in memory.
 */
export type ConfirmationEvent =
  /** `at`: when it reached this service (its window may have closed already). */
  | { type: 'AgreementRecorded'; agreement: Agreement; windowEnd: PeriodEnd; at: Date }
  | { type: 'ConfirmationRequested'; request: ConfirmationRequest; acceptanceEnd: PeriodEnd }
  | { type: 'ApplicationFiled'; requestId: string; filingId: string; at: Date }
  | { type: 'FilingFailed'; requestId: string; error: string; nextAttemptAt: Date; at: Date }
  /** Every callback acted on, whatever it did, so the same callback twice has one effect. */
  | {
      type: 'CourtNoticeReceived';
      courtId: string;
      callbackId: string;
      requestId: string;
      noticeType: CourtNotice['type'];
      effect: NoticeEffectKind;
      /** Why a notice changed nothing (it does not fit the request's state). */
      ignoredBecause: string | null;
      at: Date;
    }
  | {
      type: 'ConfirmationAccepted';
      requestId: string;
      filingId: string | null;
      courtCaseNumber: string;
      rulingEnd: PeriodEnd;
      at: Date;
    }
  | { type: 'ConfirmationRefused'; requestId: string; filingId: string | null; reasons: string[]; at: Date }
  | { type: 'RulingExtended'; requestId: string; filingId: string | null; rulingEnd: PeriodEnd }
  | {
      type: 'ConfirmationRuled';
      requestId: string;
      filingId: string | null;
      outcome: 'confirmed' | 'rejected';
      reasons: string[];
      /** Confirmed: until when a party may apply for enforcement; rejected: null. */
      enforcement: EnforcementWindow | null;
      at: Date;
    }
  /** A refused filing hands the agreement back to the parties (`requestId`: the refused one). */
  | { type: 'WindowReopened'; requestId: string; at: Date }
  | { type: 'WindowClosingNotified'; windowClosesAt: Date; secondsRemaining: number }
  | { type: 'WindowMissed'; dueAt: Date }
  | { type: 'AcceptanceMissed'; requestId: string; dueAt: Date }
  | { type: 'RulingMissed'; requestId: string; dueAt: Date };

/** The court has the application, or will: it has neither accepted nor refused it. */
export const AWAITING_COURT: Condition<ConfirmationRequest> = {
  field: 'status',
  oneOf: ['submitting', 'submitted'],
};
/** Accepted, not yet ruled. */
export const AWAITING_RULING: Condition<ConfirmationRequest> = { field: 'status', oneOf: ['accepted'] };
/** Nobody has applied (or the court refused the application) and the window has not been missed. */
export const WINDOW_OPEN: Condition<Agreement> = { field: 'windowState', oneOf: ['open'] };

const UNCHANGED = { when: [], set: {} };

/** The transition table of the agreement: what each event writes there, and from which states. */
export function agreementTransition(event: ConfirmationEvent): Transition<Agreement> {
  switch (event.type) {
    case 'ConfirmationRequested':
      return { when: [], set: { windowState: 'applied' } };
    case 'WindowReopened':
      return { when: [{ field: 'windowState', oneOf: ['applied'] }], set: { windowState: 'open' } };
    case 'WindowClosingNotified':
      return { when: [WINDOW_OPEN], set: {} };
    case 'WindowMissed':
      return { when: [WINDOW_OPEN], set: { windowState: 'missed' } };
    default:
      return UNCHANGED;
  }
}

/** A court notice may name the filing our record of the submission lacks (its answer was lost). */
const filingOf = (filingId: string | null) => (filingId ? { filingId: { ifUnset: filingId } } : {});

function requestTransitionOf(event: ConfirmationEvent): Transition<ConfirmationRequest> | null {
  switch (event.type) {
    case 'ApplicationFiled':
      // The court's acceptance may have come back before its answer to the filing call did.
      return {
        when: [],
        set: {
          filingId: event.filingId,
          submittedAt: { ifUnset: event.at },
          lastError: null,
          nextAttemptAt: null,
        },
      };
    case 'FilingFailed':
      return {
        when: [{ field: 'status', oneOf: ['submitting'] }],
        set: { lastError: event.error, nextAttemptAt: event.nextAttemptAt },
      };
    case 'ConfirmationAccepted':
      // An acceptance may overtake our own record of the submission: taken from `submitting` too.
      return {
        when: [AWAITING_COURT],
        set: {
          status: 'accepted',
          courtCaseNumber: event.courtCaseNumber,
          acceptedAt: event.at,
          rulingDueAt: event.rulingEnd.dueAt,
          nextAttemptAt: null,
          ...filingOf(event.filingId),
        },
      };
    case 'ConfirmationRefused':
      return {
        when: [AWAITING_COURT],
        set: {
          status: 'refused',
          reasons: event.reasons,
          ruledAt: event.at,
          nextAttemptAt: null,
          ...filingOf(event.filingId),
        },
      };
    case 'RulingExtended':
      // Once: a second extension is not the law's.
      return {
        when: [AWAITING_RULING, { field: 'rulingExtended', oneOf: [false] }],
        set: { rulingExtended: true, rulingDueAt: event.rulingEnd.dueAt, ...filingOf(event.filingId) },
      };
    case 'ConfirmationRuled':
      return {
        when: [AWAITING_RULING],
        set: {
          status: event.outcome,
          reasons: event.outcome === 'rejected' ? event.reasons : [],
          ruledAt: event.at,
          enforcement: event.enforcement,
          ...filingOf(event.filingId),
        },
      };
    case 'AcceptanceMissed':
      return { when: [AWAITING_COURT], set: {} };
    case 'RulingMissed':
      return { when: [AWAITING_RULING], set: {} };
    default:
      return null;
  }
}

/**
 * The transition table of a request: what each event writes to the request it names, and from
 * which states. A court's notice that does not fit (a late repeat, out of order) is not allowed
 * by it, so the court's word is applied once. What depends on the request itself (the attempt
 * count, `submitting` becoming `submitted`) `evolve` adds.
 */
export function requestTransition(
  event: ConfirmationEvent,
): { requestId: string; transition: Transition<ConfirmationRequest> } | null {
  const transition = requestTransitionOf(event);
  return transition && 'requestId' in event ? { requestId: event.requestId, transition } : null;
}

/** [event] when the agreement and the request it names allow its transitions, else none. */
export function ifAllowed(state: Confirmation, event: ConfirmationEvent): ConfirmationEvent[] {
  const change = requestTransition(event);
  const request = change && state.requests.find((r) => r.requestId === change.requestId);
  if (change && (!request || !transitionAllowed(request, change.transition))) return [];
  return transitionAllowed(state.agreement, agreementTransition(event)) ? [event] : [];
}
