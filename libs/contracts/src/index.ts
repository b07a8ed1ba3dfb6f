export * from './topics';
export * from './vocabulary';
export * from './envelope';
export * from './define-event';
export * from './registry';
export * from './contract-event';
export { KNOWN_UP_TO_ENV } from './release-emulation';
export * from './errors';
export * from './asyncapi';
export * from './reading/case-status';
export * from './reading/case-facts';
export * from './reading/case-summary';
export * from './summons-status';
export * from './scorecard-rates';
export { CaseRegistered } from './events/case-registered';
export { CaseClosed } from './events/case-closed';
export { CasesLinked } from './events/cases-linked';
export { CaseReferred } from './events/case-referred';
export { FollowUpScheduled } from './events/follow-up-scheduled';
export { FollowUpRecorded } from './events/follow-up-recorded';
export { CaseReopened } from './events/case-reopened';
export { EvidenceAttached, EVIDENCE_MEDIA_TYPES, type EvidenceMediaType } from './events/evidence-attached';
export * from './evidence-rules';
export { WhistleBlown } from './events/whistle-blown';
export { DepartmentReassigned } from './events/department-reassigned';
export { SummonsAdded } from './events/summons-added';
export { SummonsStoodDown } from './events/summons-stood-down';
export { WhistleCompleted } from './events/whistle-completed';
export { SummonsAcknowledged } from './events/summons-acknowledged';
export {
  DepartmentArrived,
  DepartmentArrivedV1,
  geoLocation,
  type GeoLocation,
} from './events/department-arrived';
export { SummonsDeclined } from './events/summons-declined';
export { ArrivalWarningIssued } from './events/arrival-warning-issued';
export { ArrivalDeadlineBreached } from './events/arrival-deadline-breached';
export { EscalationRaised } from './events/escalation-raised';
export { EscalationAcknowledged } from './events/escalation-acknowledged';
export { BreachRetracted } from './events/breach-retracted';
export { LateArrivalRecorded } from './events/late-arrival-recorded';
export { DeadlineScheduled } from './events/deadline-scheduled';
export { DeadlineCancelled } from './events/deadline-cancelled';
export { DeadlineReached } from './events/deadline-reached';
export { AgreementReached } from './events/agreement-reached';
export { AgreementPerformanceRecorded } from './events/agreement-performance-recorded';
export { AgreementPerformanceDeadlinePassed } from './events/agreement-performance-deadline-passed';
export { MediationOpened } from './events/mediation-opened';
export { MediationSessionRecorded } from './events/mediation-session-recorded';
export { MediationLevelRaised } from './events/mediation-level-raised';
export { MediationFailed } from './events/mediation-failed';
export { ConfirmationRequested } from './events/confirmation-requested';
export { ConfirmationAccepted } from './events/confirmation-accepted';
export { ConfirmationGranted } from './events/confirmation-granted';
export { ConfirmationRejected } from './events/confirmation-rejected';
export { ConfirmationWindowClosingNotified } from './events/confirmation-window-closing-notified';
export { ConfirmationDeadlineMissed } from './events/confirmation-deadline-missed';
