import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  ArrivalWarningIssued,
  ArrivalDeadlineBreached,
  EscalationRaised,
  EscalationAcknowledged,
  BreachRetracted,
  LateArrivalRecorded,
  DeadlineScheduled,
  DeadlineCancelled,
  DeadlineReached,
  AgreementReached,
  AgreementPerformanceDeadlinePassed,
  AgreementPerformanceRecorded,
  MediationOpened,
  MediationSessionRecorded,
  MediationLevelRaised,
  MediationFailed,
  ConfirmationRequested,
  ConfirmationAccepted,
  ConfirmationGranted,
  ConfirmationRejected,
  ConfirmationWindowClosingNotified,
  ConfirmationDeadlineMissed,
  CaseClosed,
  CaseRegistered,
  CasesLinked,
  CaseReferred,
  CaseReopened,
  EvidenceAttached,
  FollowUpRecorded,
  FollowUpScheduled,
  DepartmentArrived,
  DepartmentReassigned,
  SummonsAcknowledged,
  SummonsAdded,
  SummonsDeclined,
  DepartmentEnRouteReported,
  DepartmentDepartureReported,
  SummonsStoodDown,
  WhistleBlown,
  WhistleCompleted,
  type EventOf,
} from '@chuishao/contracts';
import { RecordCaseTrail } from './record-case-trail.use-case';

/**
 * Every event type of libs/contracts, from every topic, into the case's audit trail. Thin: the
 * transport has validated the event; each method hands it to the one use case. WhistleBlown and
 * WhistleCompleted also have progress handlers: the transport runs both in one transaction.
 */
@Controller()
export class CaseTrailHandlers {
  constructor(private readonly recordTrail: RecordCaseTrail) {}

  @EventPattern(CaseRegistered.type)
  onCaseRegistered(@Payload() event: EventOf<typeof CaseRegistered>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(CasesLinked.type)
  onCasesLinked(@Payload() event: EventOf<typeof CasesLinked>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(EvidenceAttached.type)
  onEvidenceAttached(@Payload() event: EventOf<typeof EvidenceAttached>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(CaseReferred.type)
  onCaseReferred(@Payload() event: EventOf<typeof CaseReferred>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(FollowUpScheduled.type)
  onFollowUpScheduled(@Payload() event: EventOf<typeof FollowUpScheduled>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(FollowUpRecorded.type)
  onFollowUpRecorded(@Payload() event: EventOf<typeof FollowUpRecorded>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(CaseReopened.type)
  onCaseReopened(@Payload() event: EventOf<typeof CaseReopened>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(CaseClosed.type)
  onCaseClosed(@Payload() event: EventOf<typeof CaseClosed>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(WhistleBlown.type)
  onWhistleBlown(@Payload() event: EventOf<typeof WhistleBlown>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DepartmentReassigned.type)
  onDepartmentReassigned(@Payload() event: EventOf<typeof DepartmentReassigned>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(SummonsAdded.type)
  onSummonsAdded(@Payload() event: EventOf<typeof SummonsAdded>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(SummonsStoodDown.type)
  onSummonsStoodDown(@Payload() event: EventOf<typeof SummonsStoodDown>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(WhistleCompleted.type)
  onWhistleCompleted(@Payload() event: EventOf<typeof WhistleCompleted>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(SummonsAcknowledged.type)
  onSummonsAcknowledged(@Payload() event: EventOf<typeof SummonsAcknowledged>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DepartmentArrived.type)
  onDepartmentArrived(@Payload() event: EventOf<typeof DepartmentArrived>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(SummonsDeclined.type)
  onSummonsDeclined(@Payload() event: EventOf<typeof SummonsDeclined>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DepartmentEnRouteReported.type)
  onDepartmentEnRouteReported(@Payload() event: EventOf<typeof DepartmentEnRouteReported>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DepartmentDepartureReported.type)
  onDepartmentDepartureReported(
    @Payload() event: EventOf<typeof DepartmentDepartureReported>,
  ): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ArrivalWarningIssued.type)
  onArrivalWarningIssued(@Payload() event: EventOf<typeof ArrivalWarningIssued>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ArrivalDeadlineBreached.type)
  onArrivalDeadlineBreached(@Payload() event: EventOf<typeof ArrivalDeadlineBreached>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(EscalationRaised.type)
  onEscalationRaised(@Payload() event: EventOf<typeof EscalationRaised>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(EscalationAcknowledged.type)
  onEscalationAcknowledged(@Payload() event: EventOf<typeof EscalationAcknowledged>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(BreachRetracted.type)
  onBreachRetracted(@Payload() event: EventOf<typeof BreachRetracted>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(LateArrivalRecorded.type)
  onLateArrivalRecorded(@Payload() event: EventOf<typeof LateArrivalRecorded>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DeadlineScheduled.type)
  onDeadlineScheduled(@Payload() event: EventOf<typeof DeadlineScheduled>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DeadlineCancelled.type)
  onDeadlineCancelled(@Payload() event: EventOf<typeof DeadlineCancelled>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DeadlineReached.type)
  onDeadlineReached(@Payload() event: EventOf<typeof DeadlineReached>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(AgreementReached.type)
  onAgreementReached(@Payload() event: EventOf<typeof AgreementReached>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(AgreementPerformanceRecorded.type)
  onAgreementPerformanceRecorded(
    @Payload() event: EventOf<typeof AgreementPerformanceRecorded>,
  ): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(AgreementPerformanceDeadlinePassed.type)
  onAgreementPerformanceDeadlinePassed(
    @Payload() event: EventOf<typeof AgreementPerformanceDeadlinePassed>,
  ): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(MediationOpened.type)
  onMediationOpened(@Payload() event: EventOf<typeof MediationOpened>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(MediationSessionRecorded.type)
  onMediationSessionRecorded(@Payload() event: EventOf<typeof MediationSessionRecorded>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(MediationLevelRaised.type)
  onMediationLevelRaised(@Payload() event: EventOf<typeof MediationLevelRaised>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(MediationFailed.type)
  onMediationFailed(@Payload() event: EventOf<typeof MediationFailed>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationRequested.type)
  onConfirmationRequested(@Payload() event: EventOf<typeof ConfirmationRequested>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationAccepted.type)
  onConfirmationAccepted(@Payload() event: EventOf<typeof ConfirmationAccepted>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationGranted.type)
  onConfirmationGranted(@Payload() event: EventOf<typeof ConfirmationGranted>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationRejected.type)
  onConfirmationRejected(@Payload() event: EventOf<typeof ConfirmationRejected>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationWindowClosingNotified.type)
  onConfirmationWindowClosingNotified(
    @Payload() event: EventOf<typeof ConfirmationWindowClosingNotified>,
  ): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationDeadlineMissed.type)
  onConfirmationDeadlineMissed(@Payload() event: EventOf<typeof ConfirmationDeadlineMissed>): Promise<void> {
    return this.recordTrail.execute(event);
  }
}
