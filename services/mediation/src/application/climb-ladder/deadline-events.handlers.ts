import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeadlineReached, type EventOf } from '@chuishao/contracts';
import { DEADLINE_OWNER, LEVEL_DEADLINE_KIND } from '../ladder-deadlines';
import { ClimbLadder } from './climb-ladder.use-case';

/** sla-timer's answers on `sla`: only our level deadlines have an effect here. */
@Controller()
export class DeadlineEventHandlers {
  constructor(private readonly climbLadder: ClimbLadder) {}

  @EventPattern(DeadlineReached.type)
  async onDeadlineReached(@Payload() event: EventOf<typeof DeadlineReached>): Promise<void> {
    if (event.payload.owner !== DEADLINE_OWNER || event.payload.kind !== LEVEL_DEADLINE_KIND) return;
    await this.climbLadder.levelDeadlineReached(event);
  }
}
