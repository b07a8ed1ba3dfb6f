import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { DeadlineReached, type EventOf } from '@chuishao/contracts';
import {
  DEADLINE_OWNER,
  LEVEL_DEADLINE_KIND,
  PERFORMANCE_DEADLINE_KIND,
  TIME_LIMIT_DEADLINE_KIND,
} from '../ladder-deadlines';
import { PerformanceDeadlineReached } from '../record-performance/performance-deadline-reached.use-case';
import { TimeLimitPassed } from '../time-limit/time-limit-passed.use-case';
import { ClimbLadder } from './climb-ladder.use-case';

/** sla-timer's answers on `sla`: only our level, time-limit and performance deadlines have an effect here. */
@Controller()
export class DeadlineEventHandlers {
  constructor(
    private readonly climbLadder: ClimbLadder,
    private readonly timeLimitPassed: TimeLimitPassed,
    private readonly performanceDeadline: PerformanceDeadlineReached,
  ) {}

  @EventPattern(DeadlineReached.type)
  async onDeadlineReached(@Payload() event: EventOf<typeof DeadlineReached>): Promise<void> {
    if (event.payload.owner !== DEADLINE_OWNER) return;
    if (event.payload.kind === LEVEL_DEADLINE_KIND) await this.climbLadder.levelDeadlineReached(event);
    else if (event.payload.kind === TIME_LIMIT_DEADLINE_KIND) await this.timeLimitPassed.execute(event);
    else if (event.payload.kind === PERFORMANCE_DEADLINE_KIND) await this.performanceDeadline.execute(event);
  }
}
