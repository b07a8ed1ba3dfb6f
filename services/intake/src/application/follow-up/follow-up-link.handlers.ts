import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { FollowUpScheduled, type EventOf } from '@chuishao/contracts';
import { SendFollowUpLink } from './send-follow-up-link.use-case';

/** A closing's follow-up is due: the party's one-time link goes out (beside the trail's handler). */
@Controller()
export class FollowUpLinkHandlers {
  constructor(private readonly sendLink: SendFollowUpLink) {}

  @EventPattern(FollowUpScheduled.type)
  onFollowUpScheduled(@Payload() event: EventOf<typeof FollowUpScheduled>): Promise<void> {
    return this.sendLink.execute(event);
  }
}
