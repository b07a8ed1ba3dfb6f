import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { COLLECTS_ITS_WRITES } from '@chuishao/messaging';
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

  @EventPattern(CaseRegistered.type, COLLECTS_ITS_WRITES)
  onCaseRegistered(@Payload() event: EventOf<typeof CaseRegistered>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(CasesLinked.type, COLLECTS_ITS_WRITES)
  onCasesLinked(@Payload() event: EventOf<typeof CasesLinked>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(EvidenceAttached.type, COLLECTS_ITS_WRITES)
  onEvidenceAttached(@Payload() event: EventOf<typeof EvidenceAttached>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(CaseReferred.type, COLLECTS_ITS_WRITES)
  onCaseReferred(@Payload() event: EventOf<typeof CaseReferred>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(FollowUpScheduled.type, COLLECTS_ITS_WRITES)
  onFollowUpScheduled(@Payload() event: EventOf<typeof FollowUpScheduled>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(FollowUpRecorded.type, COLLECTS_ITS_WRITES)
  onFollowUpRecorded(@Payload() event: EventOf<typeof FollowUpRecorded>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(CaseReopened.type, COLLECTS_ITS_WRITES)
  onCaseReopened(@Payload() event: EventOf<typeof CaseReopened>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(CaseClosed.type, COLLECTS_ITS_WRITES)
  onCaseClosed(@Payload() event: EventOf<typeof CaseClosed>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(WhistleBlown.type, COLLECTS_ITS_WRITES)
  onWhistleBlown(@Payload() event: EventOf<typeof WhistleBlown>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DepartmentReassigned.type, COLLECTS_ITS_WRITES)
  onDepartmentReassigned(@Payload() event: EventOf<typeof DepartmentReassigned>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(SummonsAdded.type, COLLECTS_ITS_WRITES)
  onSummonsAdded(@Payload() event: EventOf<typeof SummonsAdded>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(SummonsStoodDown.type, COLLECTS_ITS_WRITES)
  onSummonsStoodDown(@Payload() event: EventOf<typeof SummonsStoodDown>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(WhistleCompleted.type, COLLECTS_ITS_WRITES)
  onWhistleCompleted(@Payload() event: EventOf<typeof WhistleCompleted>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(SummonsAcknowledged.type, COLLECTS_ITS_WRITES)
  onSummonsAcknowledged(@Payload() event: EventOf<typeof SummonsAcknowledged>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DepartmentArrived.type, COLLECTS_ITS_WRITES)
  onDepartmentArrived(@Payload() event: EventOf<typeof DepartmentArrived>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(SummonsDeclined.type, COLLECTS_ITS_WRITES)
  onSummonsDeclined(@Payload() event: EventOf<typeof SummonsDeclined>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DepartmentEnRouteReported.type, COLLECTS_ITS_WRITES)
  onDepartmentEnRouteReported(@Payload() event: EventOf<typeof DepartmentEnRouteReported>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DepartmentDepartureReported.type, COLLECTS_ITS_WRITES)
  onDepartmentDepartureReported(
    @Payload() event: EventOf<typeof DepartmentDepartureReported>,
  ): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ArrivalWarningIssued.type, COLLECTS_ITS_WRITES)
  onArrivalWarningIssued(@Payload() event: EventOf<typeof ArrivalWarningIssued>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ArrivalDeadlineBreached.type, COLLECTS_ITS_WRITES)
  onArrivalDeadlineBreached(@Payload() event: EventOf<typeof ArrivalDeadlineBreached>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(EscalationRaised.type, COLLECTS_ITS_WRITES)
  onEscalationRaised(@Payload() event: EventOf<typeof EscalationRaised>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(EscalationAcknowledged.type, COLLECTS_ITS_WRITES)
  onEscalationAcknowledged(@Payload() event: EventOf<typeof EscalationAcknowledged>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(BreachRetracted.type, COLLECTS_ITS_WRITES)
  onBreachRetracted(@Payload() event: EventOf<typeof BreachRetracted>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(LateArrivalRecorded.type, COLLECTS_ITS_WRITES)
  onLateArrivalRecorded(@Payload() event: EventOf<typeof LateArrivalRecorded>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DeadlineScheduled.type, COLLECTS_ITS_WRITES)
  onDeadlineScheduled(@Payload() event: EventOf<typeof DeadlineScheduled>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DeadlineCancelled.type, COLLECTS_ITS_WRITES)
  onDeadlineCancelled(@Payload() event: EventOf<typeof DeadlineCancelled>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(DeadlineReached.type, COLLECTS_ITS_WRITES)
  onDeadlineReached(@Payload() event: EventOf<typeof DeadlineReached>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(AgreementReached.type, COLLECTS_ITS_WRITES)
  onAgreementReached(@Payload() event: EventOf<typeof AgreementReached>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(AgreementPerformanceRecorded.type, COLLECTS_ITS_WRITES)
  onAgreementPerformanceRecorded(
    @Payload() event: EventOf<typeof AgreementPerformanceRecorded>,
  ): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(AgreementPerformanceDeadlinePassed.type, COLLECTS_ITS_WRITES)
  onAgreementPerformanceDeadlinePassed(
    @Payload() event: EventOf<typeof AgreementPerformanceDeadlinePassed>,
  ): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(MediationOpened.type, COLLECTS_ITS_WRITES)
  onMediationOpened(@Payload() event: EventOf<typeof MediationOpened>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(MediationSessionRecorded.type, COLLECTS_ITS_WRITES)
  onMediationSessionRecorded(@Payload() event: EventOf<typeof MediationSessionRecorded>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(MediationLevelRaised.type, COLLECTS_ITS_WRITES)
  onMediationLevelRaised(@Payload() event: EventOf<typeof MediationLevelRaised>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(MediationFailed.type, COLLECTS_ITS_WRITES)
  onMediationFailed(@Payload() event: EventOf<typeof MediationFailed>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationRequested.type, COLLECTS_ITS_WRITES)
  onConfirmationRequested(@Payload() event: EventOf<typeof ConfirmationRequested>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationAccepted.type, COLLECTS_ITS_WRITES)
  onConfirmationAccepted(@Payload() event: EventOf<typeof ConfirmationAccepted>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationGranted.type, COLLECTS_ITS_WRITES)
  onConfirmationGranted(@Payload() event: EventOf<typeof ConfirmationGranted>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationRejected.type, COLLECTS_ITS_WRITES)
  onConfirmationRejected(@Payload() event: EventOf<typeof ConfirmationRejected>): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationWindowClosingNotified.type, COLLECTS_ITS_WRITES)
  onConfirmationWindowClosingNotified(
    @Payload() event: EventOf<typeof ConfirmationWindowClosingNotified>,
  ): Promise<void> {
    return this.recordTrail.execute(event);
  }

  @EventPattern(ConfirmationDeadlineMissed.type, COLLECTS_ITS_WRITES)
  onConfirmationDeadlineMissed(@Payload() event: EventOf<typeof ConfirmationDeadlineMissed>): Promise<void> {
    return this.recordTrail.execute(event);
  }
}
