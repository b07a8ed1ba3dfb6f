import type { EventOf } from './define-event';
import type { EventEnvelope } from './envelope';
import { isKnownEventType } from './registry';
import type { CaseClosed } from './events/case-closed';
import type { CasesLinked } from './events/cases-linked';
import type { CaseReferred } from './events/case-referred';
import type { CaseReopened } from './events/case-reopened';
import type { EvidenceAttached } from './events/evidence-attached';
import type { FollowUpRecorded } from './events/follow-up-recorded';
import type { FollowUpScheduled } from './events/follow-up-scheduled';
import type { CaseRegistered } from './events/case-registered';
import type { DepartmentArrived, DepartmentArrivedV1 } from './events/department-arrived';
import type { DepartmentReassigned } from './events/department-reassigned';
import type { SummonsAdded } from './events/summons-added';
import type { SummonsStoodDown } from './events/summons-stood-down';
import type { SummonsAcknowledged } from './events/summons-acknowledged';
import type { SummonsDeclined } from './events/summons-declined';
import type { DepartmentEnRouteReported } from './events/department-en-route-reported';
import type { DepartmentDepartureReported } from './events/department-departure-reported';
import type { WhistleBlown } from './events/whistle-blown';
import type { WhistleCompleted } from './events/whistle-completed';
import type { ArrivalWarningIssued } from './events/arrival-warning-issued';
import type { ArrivalDeadlineBreached } from './events/arrival-deadline-breached';
import type { EscalationRaised, EscalationRaisedV1 } from './events/escalation-raised';
import type { EscalationAcknowledged } from './events/escalation-acknowledged';
import type { BreachRetracted } from './events/breach-retracted';
import type { LateArrivalRecorded } from './events/late-arrival-recorded';
import type { DeadlineScheduled } from './events/deadline-scheduled';
import type { DeadlineCancelled } from './events/deadline-cancelled';
import type { DeadlineReached } from './events/deadline-reached';
import type { AgreementReached } from './events/agreement-reached';
import type { MediationOpened } from './events/mediation-opened';
import type { MediationSessionRecorded } from './events/mediation-session-recorded';
import type { MediationLevelRaised } from './events/mediation-level-raised';
import type { MediationFailed } from './events/mediation-failed';
import type { AgreementPerformanceDeadlinePassed } from './events/agreement-performance-deadline-passed';
import type { AgreementPerformanceRecorded } from './events/agreement-performance-recorded';
import type { ConfirmationRequested } from './events/confirmation-requested';
import type { HolidayScheduleLoaded } from './events/holiday-schedule-loaded';
import type { CourtOutageEnded } from './events/court-outage-ended';
import type { CourtOutageDetected } from './events/court-outage-detected';
import type { DepartmentWebhookOutageDetected } from './events/department-webhook-outage-detected';
import type { DepartmentWebhookOutageEnded } from './events/department-webhook-outage-ended';
import type { ConfirmationAccepted } from './events/confirmation-accepted';
import type { ConfirmationGranted } from './events/confirmation-granted';
import type { ConfirmationRejected } from './events/confirmation-rejected';
import type { ConfirmationWindowClosingNotified } from './events/confirmation-window-closing-notified';
import type { ConfirmationDeadlineMissed } from './events/confirmation-deadline-missed';

/**
 * Every event of the contracts as one discriminated union on `type`: a reader that switches on
 * the type reads each payload typed. A type with several versions is in it at each (a process
 * emulating an older release may still be handed the older shape), so a reader uses what they
 * share.
 */
export type ContractEvent =
  | EventOf<typeof CaseRegistered>
  | EventOf<typeof CaseClosed>
  | EventOf<typeof CasesLinked>
  | EventOf<typeof CaseReferred>
  | EventOf<typeof FollowUpScheduled>
  | EventOf<typeof FollowUpRecorded>
  | EventOf<typeof CaseReopened>
  | EventOf<typeof EvidenceAttached>
  | EventOf<typeof WhistleBlown>
  | EventOf<typeof DepartmentReassigned>
  | EventOf<typeof SummonsAdded>
  | EventOf<typeof SummonsStoodDown>
  | EventOf<typeof WhistleCompleted>
  | EventOf<typeof SummonsAcknowledged>
  | EventOf<typeof DepartmentArrivedV1>
  | EventOf<typeof DepartmentArrived>
  | EventOf<typeof SummonsDeclined>
  | EventOf<typeof DepartmentEnRouteReported>
  | EventOf<typeof DepartmentDepartureReported>
  | EventOf<typeof ArrivalWarningIssued>
  | EventOf<typeof ArrivalDeadlineBreached>
  | EventOf<typeof EscalationRaisedV1>
  | EventOf<typeof EscalationRaised>
  | EventOf<typeof EscalationAcknowledged>
  | EventOf<typeof BreachRetracted>
  | EventOf<typeof LateArrivalRecorded>
  | EventOf<typeof DeadlineScheduled>
  | EventOf<typeof DeadlineCancelled>
  | EventOf<typeof DeadlineReached>
  | EventOf<typeof MediationOpened>
  | EventOf<typeof MediationSessionRecorded>
  | EventOf<typeof MediationLevelRaised>
  | EventOf<typeof MediationFailed>
  | EventOf<typeof AgreementReached>
  | EventOf<typeof AgreementPerformanceRecorded>
  | EventOf<typeof AgreementPerformanceDeadlinePassed>
  | EventOf<typeof ConfirmationRequested>
  | EventOf<typeof HolidayScheduleLoaded>
  | EventOf<typeof DepartmentWebhookOutageDetected>
  | EventOf<typeof DepartmentWebhookOutageEnded>
  | EventOf<typeof CourtOutageDetected>
  | EventOf<typeof CourtOutageEnded>
  | EventOf<typeof ConfirmationAccepted>
  | EventOf<typeof ConfirmationGranted>
  | EventOf<typeof ConfirmationRejected>
  | EventOf<typeof ConfirmationWindowClosingNotified>
  | EventOf<typeof ConfirmationDeadlineMissed>;

/**
 * The union's types, at run time: a test holds them against the registry, so a type defined
 * there and left out of the union fails (the union cannot be checked against a list it erased).
 */
export const CONTRACT_EVENT_TYPES = [
  'CaseRegistered',
  'CaseClosed',
  'CasesLinked',
  'CaseReferred',
  'FollowUpScheduled',
  'FollowUpRecorded',
  'CaseReopened',
  'EvidenceAttached',
  'WhistleBlown',
  'DepartmentReassigned',
  'SummonsAdded',
  'SummonsStoodDown',
  'WhistleCompleted',
  'SummonsAcknowledged',
  'DepartmentArrived',
  'SummonsDeclined',
  'DepartmentEnRouteReported',
  'DepartmentDepartureReported',
  'ArrivalWarningIssued',
  'ArrivalDeadlineBreached',
  'EscalationRaised',
  'EscalationAcknowledged',
  'BreachRetracted',
  'LateArrivalRecorded',
  'DeadlineScheduled',
  'DeadlineCancelled',
  'DeadlineReached',
  'MediationOpened',
  'MediationSessionRecorded',
  'MediationLevelRaised',
  'MediationFailed',
  'AgreementReached',
  'AgreementPerformanceRecorded',
  'AgreementPerformanceDeadlinePassed',
  'ConfirmationRequested',
  'HolidayScheduleLoaded',
  'DepartmentWebhookOutageDetected',
  'DepartmentWebhookOutageEnded',
  'CourtOutageDetected',
  'CourtOutageEnded',
  'ConfirmationAccepted',
  'ConfirmationGranted',
  'ConfirmationRejected',
  'ConfirmationWindowClosingNotified',
  'ConfirmationDeadlineMissed',
] as const satisfies readonly ContractEvent['type'][];

/** Compiles only while every type of the union is in CONTRACT_EVENT_TYPES. */
export const unionListedWhole: [
  Exclude<ContractEvent['type'], (typeof CONTRACT_EVENT_TYPES)[number]>,
] extends [never]
  ? true
  : never = true;

/**
 * An event the transport delivered, as the union: its payload was checked against its type's
 * schema and raised to the newest version this process knows (`parseEvent`), so its type names
 * its payload's shape. Null for a type this process does not know.
 */
export function asContractEvent(event: EventEnvelope): ContractEvent | null {
  return isKnownEventType(event.type) ? (event as ContractEvent) : null;
}
