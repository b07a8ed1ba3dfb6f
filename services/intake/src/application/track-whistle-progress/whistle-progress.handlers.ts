import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { COLLECTS_ITS_WRITES } from '@chuishao/messaging';
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

  @EventPattern(WhistleBlown.type, COLLECTS_ITS_WRITES)
  onWhistleBlown(@Payload() event: EventOf<typeof WhistleBlown>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }

  @EventPattern(WhistleCompleted.type, COLLECTS_ITS_WRITES)
  onWhistleCompleted(@Payload() event: EventOf<typeof WhistleCompleted>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }

  @EventPattern(MediationOpened.type, COLLECTS_ITS_WRITES)
  onMediationOpened(@Payload() event: EventOf<typeof MediationOpened>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }

  @EventPattern(AgreementReached.type, COLLECTS_ITS_WRITES)
  onAgreementReached(@Payload() event: EventOf<typeof AgreementReached>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }

  @EventPattern(MediationFailed.type, COLLECTS_ITS_WRITES)
  onMediationFailed(@Payload() event: EventOf<typeof MediationFailed>): Promise<void> {
    return this.recordProgress.executeFor(event);
  }
}
