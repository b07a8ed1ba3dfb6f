import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { WhistleCompleted, type EventOf } from '@chuishao/contracts';
import { causedBy, COLLECTS_ITS_WRITES } from '@chuishao/messaging';
import { MEDIATION_ACTOR } from '../ladder-deadlines';
import { OpenMediation } from './open-mediation.use-case';

/**
 * Every summoned department is on site: the mediation opens with them as participants. A consumed
 * batch of these is tried as one statement with its inbox rows (OpenMediation.collectOpening).
 */
@Controller()
export class WhistleEventHandlers {
  constructor(private readonly openMediation: OpenMediation) {}

  @EventPattern(WhistleCompleted.type, COLLECTS_ITS_WRITES)
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
