import type { Transition } from '@chuishao/kernel';
import { statusesBefore, type CaseStatus } from './case-status';
import type { DisputeCase, PartyInput } from './dispute-case';

/**
 * The Case aggregate as the decider sees it: the row a command locks, without its parties (no
 * command reads them after registration, and only reads decrypt their personal data).
 */
export type CaseState = Pick<
  DisputeCase,
  'id' | 'caseNo' | 'centerId' | 'status' | 'closedAt' | 'closeReason'
> & {
  statusChangedAt: Date;
};

/** What a clerk's registration states of a case, as the case then keeps it. */
export type RegisteredFields =
  'id' | 'caseNo' | 'centerId' | 'channel' | 'disputeType' | 'summary' | 'headcount' | 'urgency';

/**
 * What can be asked of a case. Ids, the case number and times come in the command (the caller's
 * clock, id generator and number sequence), so `decide` does no I/O.
 */
export type CaseCommand =
  /** A clerk registers a dispute at a center already checked to be theirs. */
  | (Pick<DisputeCase, RegisteredFields> & {
      type: 'Register';
      parties: PartyInput[];
      newPartyId: () => string;
      at: Date;
    })
  /** Another service reported progress: the case moves to `status`, dated `at`, if it is further on. */
  | { type: 'RecordProgress'; status: CaseStatus; at: Date }
  /** A clerk closes the case (withdrawn, resolved, referred). */
  | { type: 'Close'; reason: string; at: Date }
  /** The court ruled (after acceptance): the case takes the ruling, then closes unless it is closed. */
  | { type: 'FollowRuling'; status: 'confirmed' | 'rejected'; ruledAt: Date; reason: string; at: Date };

/** What happens to a case (the Case decider's events). */
export type CaseEvent =
  | { type: 'CaseRegistered'; dispute: DisputeCase }
  | { type: 'ProgressRecorded'; status: CaseStatus; at: Date }
  | { type: 'CaseClosed'; reason: string; at: Date };

/** The longest close reason kept from a ruling (the court's reasons may be long). */
export const RULING_REASON_MAX = 1000;

/**
 * The transition table of the case's row: a move only forward (SPEC "Case states", the contracts'
 * one reading of the flow), and a close from any status but closed.
 */
export function caseTransition(event: CaseEvent): Transition<CaseState> {
  switch (event.type) {
    case 'CaseRegistered':
      return { when: [], set: {} };
    case 'ProgressRecorded':
      return {
        when: [{ field: 'status', oneOf: statusesBefore(event.status) }],
        set: { status: event.status, statusChangedAt: event.at },
      };
    case 'CaseClosed':
      return {
        when: [{ field: 'status', oneOf: statusesBefore('closed') }],
        set: { status: 'closed', statusChangedAt: event.at, closedAt: event.at, closeReason: event.reason },
      };
  }
}
