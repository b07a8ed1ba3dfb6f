import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { WhistleCompleted, type EventOf } from '@chuishao/contracts';
import { causedBy } from '@chuishao/messaging';
import { MEDIATION_ACTOR } from '../ladder-deadlines';
import { OpenMediation } from './open-mediation.use-case';

/** Every summoned department is on site: the mediation opens with them as participants. */
@Controller()
export class WhistleEventHandlers {
  constructor(private readonly openMediation: OpenMediation) {}

  @EventPattern(WhistleCompleted.type)
  async onWhistleCompleted(@Payload() event: EventOf<typeof WhistleCompleted>): Promise<void> {
    await this.openMediation.onWhistleCompleted({
      caseId: event.caseId,
      openedBy: 'whistle',
      whistleId: event.payload.whistleId,
      mediatorId: null,
      participants: event.payload.arrivals.map((a) => a.departmentId),
      causation: causedBy(event, MEDIATION_ACTOR),
    });
  }
}
