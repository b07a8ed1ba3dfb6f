import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import * as contracts from '@chuishao/contracts';
import type { EventOf } from '@chuishao/contracts';
import { RecordCaseTrail } from './record-case-trail.use-case';

/** Every event type of libs/contracts the case's audit trail keeps, from every topic. */
const TRAIL_EVENTS = [
  contracts.CaseRegistered,
  contracts.CasesLinked,
  contracts.CaseReferred,
  contracts.CaseClosed,
  contracts.WhistleBlown,
  contracts.DepartmentReassigned,
  contracts.WhistleCompleted,
  contracts.SummonsAcknowledged,
  contracts.DepartmentArrived,
  contracts.SummonsDeclined,
  contracts.ArrivalWarningIssued,
  contracts.ArrivalDeadlineBreached,
  contracts.EscalationRaised,
  contracts.EscalationAcknowledged,
  contracts.BreachRetracted,
  contracts.LateArrivalRecorded,
  contracts.DeadlineScheduled,
  contracts.DeadlineCancelled,
  contracts.DeadlineReached,
  contracts.AgreementReached,
  contracts.AgreementPerformanceRecorded,
  contracts.MediationOpened,
  contracts.MediationSessionRecorded,
  contracts.MediationLevelRaised,
  contracts.MediationFailed,
  contracts.ConfirmationRequested,
  contracts.ConfirmationAccepted,
  contracts.ConfirmationGranted,
  contracts.ConfirmationRejected,
  contracts.ConfirmationWindowClosingNotified,
  contracts.ConfirmationDeadlineMissed,
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
