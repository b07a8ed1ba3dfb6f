import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeadlineCancelled, DeadlineScheduled, type EventOf } from '@chuishao/contracts';
import { TrackDeadlines } from './track-deadlines.use-case';

/** Other services' deadlines; each handler runs in the inbox transaction of its event. */
@Controller()
export class DeadlineEventHandlers {
  constructor(private readonly deadlines: TrackDeadlines) {}

  @EventPattern(DeadlineScheduled.type)
  onScheduled(@Payload() event: EventOf<typeof DeadlineScheduled>): Promise<void> {
    return this.deadlines.scheduled(event);
  }

  @EventPattern(DeadlineCancelled.type)
  onCancelled(@Payload() event: EventOf<typeof DeadlineCancelled>): Promise<void> {
    return this.deadlines.cancelled(event);
  }
}
