import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeadlineReached, type EventOf } from '@chuishao/contracts';
import { HandleDeadline } from './handle-deadline.use-case';

/** sla-timer's answers on `sla`; only ours (owner judicial-confirmation) have an effect. */
@Controller()
export class DeadlineEventHandlers {
  constructor(private readonly handleDeadline: HandleDeadline) {}

  @EventPattern(DeadlineReached.type)
  onDeadlineReached(@Payload() event: EventOf<typeof DeadlineReached>): Promise<void> {
    return this.handleDeadline.execute(event);
  }
}
