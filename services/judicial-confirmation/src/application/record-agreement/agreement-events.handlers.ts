import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { AgreementReached, type EventOf } from '@chuishao/contracts';
import { RecordAgreement } from './record-agreement.use-case';

/** mediation's agreements; the handler runs in the inbox transaction of its event. */
@Controller()
export class AgreementEventHandlers {
  constructor(private readonly recordAgreement: RecordAgreement) {}

  @EventPattern(AgreementReached.type)
  onAgreementReached(@Payload() event: EventOf<typeof AgreementReached>): Promise<void> {
    return this.recordAgreement.execute(event);
  }
}
