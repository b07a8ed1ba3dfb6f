import type {
  MediationApproachLevel,
  MediationReferral,
  MediationTierLevel,
  PerformanceOutcome,
} from '@chuishao/contracts';
import type { Condition, Transition } from '@chuishao/kernel';
import type { Ladder } from './ladder';
import type {
  Agreement,
  AgreementContent,
  LevelStint,
  Mediation,
  MediationSession,
  PerformanceRecord,
} from './mediation';

/**
 * What can be asked of a mediation. Ids and times come in the command (the caller's clock and id
 * generator), and so does the ladder (where a period ends on the legal calendar), so `decide`
 * does no I/O.
 */
export type MediationCommand =
  /** What a mediation is opened with (its own fields), where it starts, and its time limit. */
  | (Pick<Mediation, 'id' | 'caseId' | 'whistleId' | 'openedBy' | 'mediatorId' | 'participants'> & {
      type: 'Open';
      startLevel: MediationTierLevel;
      ladder: Ladder;
      timeLimitDueAt: Date;
      at: Date;
    })
  | {
      type: 'RecordSession';
      sessionId: string;
      mediatorId: string;
      startedAt: Date;
      endedAt: Date;
      participants: string[];
      approachLevel: MediationApproachLevel;
      notes: string | null;
      /** Whether the recorder becomes the mediator in charge of an untaken mediation (default yes). */
      takesCharge?: boolean;
      at: Date;
    }
  /** `caseParties`: who must sign (the case as mediation knows it). */
  | {
      type: 'RecordAgreement';
      agreementId: string;
      content: AgreementContent;
      caseParties: string[];
      at: Date;
    }
  | { type: 'Fail'; reason: string; referral: MediationReferral; at: Date }
  /** The agreement's performance as the mediator found it (art. 31); `recordedBy`: the caller. */
  | {
      type: 'RecordPerformance';
      performanceId: string;
      outcome: PerformanceOutcome;
      note: string | null;
      recordedBy: string;
      at: Date;
    }
  /** A tier level's deadline came (sla-timer's DeadlineReached for that level). */
  | { type: 'ReachLevelDeadline'; level: MediationTierLevel; ladder: Ladder; at: Date }
  /** The whole mediation's time limit came. */
  | { type: 'ReachTimeLimit'; at: Date }
  /** The agreement's performance deadline came (sla-timer's DeadlineReached for it). */
  | { type: 'ReachPerformanceDeadline'; at: Date };

/**
 * What happens to a mediation (the Mediation decider's events), and the transition table: what
 * each event writes to the mediation's row, and from which states. `evolve` applies it in memory.
 */
export type MediationEvent =
  | { type: 'MediationOpened'; mediation: Mediation }
  /** `takesCharge`: the recorder becomes the mediator in charge if nobody is yet. */
  | { type: 'SessionRecorded'; session: MediationSession; takesCharge: boolean }
  | { type: 'AgreementReached'; agreement: Agreement }
  | { type: 'MediationFailed'; failure: { reason: string; referral: MediationReferral }; at: Date }
  /** A level missed its deadline (`from`, now marked missed) and the next one starts (`to`). */
  | { type: 'LevelRaised'; from: LevelStint; to: LevelStint }
  /** The top level missed its deadline: recorded, with nowhere to raise to. */
  | { type: 'TopLevelMissed'; missed: LevelStint }
  | { type: 'TimeLimitPassed'; at: Date }
  | { type: 'PerformanceRecorded'; record: PerformanceRecord }
  /** The agreement's deadline came, not found performed: its mediator is to check (art. 31). */
  | { type: 'PerformanceCheckFellDue'; deadline: Date; at: Date };

/** Only an open mediation changes: the one statement of that rule (decide reads it too). */
export const WHILE_OPEN: Condition<Mediation> = { field: 'state', oneOf: ['open'] };

/**
 * An agreed mediation's performance may be recorded until it is found performed: the one statement
 * of "performed is final" (decide reads it too, to say why it refuses).
 */
export const WHILE_AGREED: Condition<Mediation> = { field: 'state', oneOf: ['agreed'] };
export const UNTIL_PERFORMED: Condition<Mediation> = {
  field: 'performance',
  oneOf: [null, 'partly-performed', 'not-performed'],
};

/**
 * The transition table of the mediation's row. Every event after the opening needs an open
 * mediation, except the agreement's performance, which needs an agreed one not yet found
 * performed; the time limit is recorded once. What depends on the state itself (the session
 * count, the ladder so far) `evolve` adds to it.
 */
export function mediationTransition(event: MediationEvent): Transition<Mediation> {
  switch (event.type) {
    case 'MediationOpened':
      return { when: [], set: {} };
    case 'SessionRecorded':
      // The first mediator to hold a session takes the case when nobody was named.
      return {
        when: [WHILE_OPEN],
        set: event.takesCharge ? { mediatorId: { ifUnset: event.session.mediatorId } } : {},
      };
    case 'AgreementReached':
      return {
        when: [WHILE_OPEN],
        set: {
          state: 'agreed',
          closedAt: event.agreement.recordedAt,
          agreementId: event.agreement.id,
          mediatorId: event.agreement.mediatorSignature.mediator,
          performanceDueAt: event.agreement.performance.deadline,
        },
      };
    case 'MediationFailed':
      return { when: [WHILE_OPEN], set: { state: 'failed', closedAt: event.at, failure: event.failure } };
    case 'LevelRaised':
    case 'TopLevelMissed':
      return { when: [WHILE_OPEN], set: {} };
    case 'TimeLimitPassed':
      return {
        when: [WHILE_OPEN, { field: 'timeLimitMissedAt', unset: true }],
        set: { timeLimitMissedAt: event.at },
      };
    case 'PerformanceRecorded':
      return { when: [WHILE_AGREED, UNTIL_PERFORMED], set: { performance: event.record.outcome } };
    case 'PerformanceCheckFellDue':
      // Said, not stored: whether a check is due is read from the clock (performanceCheckDue).
      return { when: [WHILE_AGREED, UNTIL_PERFORMED], set: {} };
  }
}
