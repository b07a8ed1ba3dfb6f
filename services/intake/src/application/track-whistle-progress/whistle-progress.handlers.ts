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

/**
 * Thin handlers: the transport has validated the event; the use case reads which status it
 * implies, and when, from libs/contracts (`caseProgressOf`), the rule the console applies too.
 */
@Controller()
export class WhistleProgressHandlers {
  constructor(private readonly recordProgress: RecordCaseProgress) {}

  @EventPattern(WhistleBlown.type)
  onWhistleBlown(@Payload() event: EventOf<typeof WhistleBlown>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }

  @EventPattern(WhistleCompleted.type)
  onWhistleCompleted(@Payload() event: EventOf<typeof WhistleCompleted>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }

  @EventPattern(MediationOpened.type)
  onMediationOpened(@Payload() event: EventOf<typeof MediationOpened>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }

  @EventPattern(AgreementReached.type)
  onAgreementReached(@Payload() event: EventOf<typeof AgreementReached>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }

  @EventPattern(MediationFailed.type)
  onMediationFailed(@Payload() event: EventOf<typeof MediationFailed>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }
}
