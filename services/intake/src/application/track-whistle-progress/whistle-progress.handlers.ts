import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import {
  AgreementReached,
  MediationFailed,
  MediationOpened,
  WhistleBlown,
  WhistleCompleted,
  type EventOf,
} from '@chuishao/contracts';
import { RecordCaseProgress } from './record-case-progress.use-case';

/** Thin handlers: the transport has validated the event; each builds a command and calls the use case. */
@Controller()
export class WhistleProgressHandlers {
  constructor(private readonly recordProgress: RecordCaseProgress) {}

  @EventPattern(WhistleBlown.type)
  onWhistleBlown(@Payload() event: EventOf<typeof WhistleBlown>): Promise<void> {
    return this.recordProgress.execute({
      caseId: event.caseId,
      status: 'whistled',
      at: new Date(event.payload.blownAt),
    });
  }

  @EventPattern(WhistleCompleted.type)
  onWhistleCompleted(@Payload() event: EventOf<typeof WhistleCompleted>): Promise<void> {
    return this.recordProgress.execute({
      caseId: event.caseId,
      status: 'on_site',
      at: new Date(event.payload.completedAt),
    });
  }

  @EventPattern(MediationOpened.type)
  onMediationOpened(@Payload() event: EventOf<typeof MediationOpened>): Promise<void> {
    return this.recordProgress.execute({
      caseId: event.caseId,
      status: 'mediating',
      at: new Date(event.payload.openedAt),
    });
  }

  @EventPattern(AgreementReached.type)
  onAgreementReached(@Payload() event: EventOf<typeof AgreementReached>): Promise<void> {
    return this.recordProgress.execute({
      caseId: event.caseId,
      status: 'agreement_reached',
      at: new Date(event.payload.effectiveAt),
    });
  }

  @EventPattern(MediationFailed.type)
  onMediationFailed(@Payload() event: EventOf<typeof MediationFailed>): Promise<void> {
    return this.recordProgress.execute({
      caseId: event.caseId,
      status: 'mediation_failed',
      at: new Date(event.payload.failedAt),
    });
  }
}
