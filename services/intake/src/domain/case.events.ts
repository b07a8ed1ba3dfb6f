import type { CenterTier, FollowUpAnswer, FollowUpChannel, ReferralDirection } from '@chuishao/contracts';
import type { Transition } from '@chuishao/kernel';
import { statusesBefore, type CaseStatus } from './case-status';
import type { DisputeCase, PartyInput, PlaceInput } from './dispute-case';

/**
 * The Case aggregate as the decider sees it: the row a command locks, without its parties (no
 * command reads them after registration, and only reads decrypt their personal data).
 */
export type CaseState = Pick<
  DisputeCase,
  'id' | 'caseNo' | 'centerId' | 'status' | 'closedAt' | 'closeReason'
> & {
  statusChangedAt: Date;
  /** When the follow-up of the latest closing is due (回访); null before any closing. */
  followUpDueAt: Date | null;
  /** When the latest closing's follow-up was answered; null while it is not. */
  followedUpAt: Date | null;
};

/** A center as events name it: its place in the tree (district → town → village, itself last). */
export interface CenterRef {
  id: string;
  name: string;
  tier: CenterTier;
  path: string[];
}

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
      /** Where the dispute is, as the request gave it (normalised by the decider). */
      place?: PlaceInput | null;
      newPartyId: () => string;
      at: Date;
    })
  /** Another service reported progress: the case moves to `status`, dated `at`, if it is further on. */
  | { type: 'RecordProgress'; status: CaseStatus; at: Date }
  /** A clerk closes the case (withdrawn, resolved, referred); its follow-up is due by `followUpDueAt`. */
  | { type: 'Close'; reason: string; at: Date; followUpDueAt: Date }
  /** The court ruled (after acceptance): the case takes the ruling, then closes unless it is closed. */
  | {
      type: 'FollowRuling';
      status: 'confirmed' | 'rejected';
      ruledAt: Date;
      reason: string;
      at: Date;
      followUpDueAt: Date;
    }
  /** A party's answer to a closed case's follow-up, by the SMS link or on the phone to a clerk. */
  | {
      type: 'RecordFollowUp';
      channel: FollowUpChannel;
      answer: FollowUpAnswer;
      resolved: boolean;
      comment: string;
      at: Date;
    }
  /**
   * A case moves to the next tier (上报 / 交办): `direction` is how the receiving center stands to
   * the case's center (referral.ts; null when it is no neighbour in the tree), checked by the
   * caller against the tree and the person's scope.
   */
  | {
      type: 'Refer';
      /** The case's center, as the caller found it when the case was locked. */
      from: CenterRef;
      to: CenterRef;
      direction: ReferralDirection | null;
      reason: string;
      at: Date;
    };

/** What happens to a case (the Case decider's events). */
export type CaseEvent =
  | { type: 'CaseRegistered'; dispute: DisputeCase }
  | { type: 'ProgressRecorded'; status: CaseStatus; at: Date }
  | { type: 'CaseClosed'; reason: string; at: Date }
  | { type: 'FollowUpScheduled'; closedAt: Date; dueAt: Date }
  | {
      type: 'FollowUpRecorded';
      channel: FollowUpChannel;
      answer: FollowUpAnswer;
      resolved: boolean;
      comment: string;
      closedAt: Date;
      at: Date;
    }
  | { type: 'CaseReopened'; comment: string; at: Date }
  | {
      type: 'CaseReferred';
      direction: ReferralDirection;
      from: CenterRef;
      to: CenterRef;
      reason: string;
      at: Date;
    };

/** The longest close reason kept from a ruling (the court's reasons may be long). */
export const RULING_REASON_MAX = 1000;

/** The longest referral reason, as CaseReferred carries it. */
export const REFERRAL_REASON_MAX = 500;

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
    case 'CaseReferred':
      // An open case only: a closed one stays where it closed, for its tier's scorecards.
      return {
        when: [{ field: 'status', oneOf: statusesBefore('closed') }],
        set: { centerId: event.to.id },
      };
    case 'FollowUpScheduled':
      return {
        when: [{ field: 'status', oneOf: ['closed'] }],
        set: { followUpDueAt: event.dueAt, followedUpAt: null },
      };
    case 'FollowUpRecorded':
      // One answer per closing: a closed case whose follow-up is still unanswered.
      return {
        when: [
          { field: 'status', oneOf: ['closed'] },
          { field: 'followedUpAt', unset: true },
        ],
        set: { followedUpAt: event.at },
      };
    case 'CaseReopened':
      return {
        when: [{ field: 'status', oneOf: ['closed'] }],
        set: { status: 'reopened', statusChangedAt: event.at, closedAt: null, closeReason: null },
      };
    case 'CaseClosed':
      return {
        when: [{ field: 'status', oneOf: statusesBefore('closed') }],
        set: { status: 'closed', statusChangedAt: event.at, closedAt: event.at, closeReason: event.reason },
      };
  }
}
