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
  DepartmentArrived,
  DepartmentReassigned,
  SummonsAcknowledged,
  SummonsDeclined,
  WhistleBlown,
  WhistleCompleted,
  type EventOf,
} from '@chuishao/contracts';
import { RecordCaseTrail } from './record-case-trail.use-case';

/** Every event type of libs/contracts the case's audit trail keeps, from every topic. */
const TRAIL_EVENTS = [
  CaseRegistered,
  CaseClosed,
  WhistleBlown,
  DepartmentReassigned,
  WhistleCompleted,
  SummonsAcknowledged,
  DepartmentArrived,
  SummonsDeclined,
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
] as const;

/**
 * Every event type of libs/contracts, from every topic, into the case's audit trail. Thin: the
 * transport has validated the event; the one handler (subscribed to each type) hands it to the
 * one use case. WhistleBlown and WhistleCompleted also have progress handlers: the transport runs
 * both in one transaction.
 */
@Controller()
export class CaseTrailHandlers {
  constructor(private readonly recordTrail: RecordCaseTrail) {}

  @EventPattern(TRAIL_EVENTS.map((event) => event.type))
  onEvent(@Payload() event: EventOf<(typeof TRAIL_EVENTS)[number]>): Promise<void> {
    return this.recordTrail.execute(event);
  }
}
