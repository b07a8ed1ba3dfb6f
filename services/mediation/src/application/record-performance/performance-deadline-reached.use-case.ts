import { Inject, Injectable } from '@nestjs/common';
import type { DeadlineReached, EventOf } from '@chuishao/contracts';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { causedBy } from '@chuishao/messaging';
import { MEDIATION_ACTOR, performanceDeadlineId } from '../ladder-deadlines';
import { MediationCommands } from '../mediation-commands';

/**
 * The agreement's performance deadline came (sla-timer's DeadlineReached for the timer scheduled
 * with the agreement): the decider says whether a check falls due (not performed ahead of time),
 * and AgreementPerformanceDeadlinePassed tells the timeline and the mediator's queue.
 */
@Injectable()
export class PerformanceDeadlineReached {
  private readonly logger: Logger;

  constructor(
    private readonly commands: MediationCommands,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('performance-deadline');
  }

  async execute(event: EventOf<typeof DeadlineReached>): Promise<void> {
    const mediationId = event.payload.subjectId;
    if (event.payload.deadlineId !== performanceDeadlineId(mediationId)) {
      this.logger.warn('performance deadline that matches no schedule of ours ignored', {
        deadlineId: event.payload.deadlineId,
        subjectId: mediationId,
      });
      return;
    }
    await this.commands.handle(
      mediationId,
      { type: 'ReachPerformanceDeadline', at: this.clock.now() },
      causedBy(event, MEDIATION_ACTOR),
    );
  }
}
