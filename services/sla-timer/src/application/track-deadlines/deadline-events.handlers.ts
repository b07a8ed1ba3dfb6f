import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeadlineCancelled, DeadlineScheduled, type EventOf } from '@chuishao/contracts';
import { COLLECTS_ITS_WRITES } from '@chuishao/messaging';
import { TrackDeadlines } from './track-deadlines.use-case';

/**
 * Other services' deadlines, in the inbox's work of their batch: a schedule only collects its
 * timer, so a batch of them is one statement; a cancel reads the timer, in a transaction.
 */
@Controller()
export class DeadlineEventHandlers {
  constructor(private readonly deadlines: TrackDeadlines) {}

  @EventPattern(DeadlineScheduled.type, COLLECTS_ITS_WRITES)
  onDeadlineScheduled(@Payload() event: EventOf<typeof DeadlineScheduled>): Promise<void> {
    return this.deadlines.scheduled(event);
  }

  @EventPattern(DeadlineCancelled.type)
  onDeadlineCancelled(@Payload() event: EventOf<typeof DeadlineCancelled>): Promise<void> {
    return this.deadlines.cancelled(event);
  }
}
