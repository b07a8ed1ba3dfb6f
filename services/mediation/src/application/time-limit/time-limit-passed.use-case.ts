import { Inject, Injectable } from '@nestjs/common';
import type { DeadlineReached, EventOf } from '@chuishao/contracts';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { causedBy } from '@chuishao/messaging';
import { MEDIATION_ACTOR, timeLimitDeadlineId } from '../ladder-deadlines';
import { MediationCommands } from '../mediation-commands';

/**
 * The mediation's time limit (one month by default) passed with the mediation still open: kept as
 * `timeLimitMissedAt` (shown by GET /mediations/:id) and said in the log. Announcing it to other
 * services needs an event of its own in libs/contracts, which does not exist yet.
 */
@Injectable()
export class TimeLimitPassed {
  private readonly logger: Logger;

  constructor(
    private readonly commands: MediationCommands,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('time-limit');
  }

  async execute(event: EventOf<typeof DeadlineReached>): Promise<void> {
    const mediationId = event.payload.subjectId;
    if (event.payload.deadlineId !== timeLimitDeadlineId(mediationId)) {
      this.logger.warn('time-limit deadline that matches no schedule of ours ignored', {
        deadlineId: event.payload.deadlineId,
        subjectId: mediationId,
      });
      return;
    }
    const handled = await this.commands.handle(
      mediationId,
      { type: 'ReachTimeLimit', at: this.clock.now() },
      causedBy(event, MEDIATION_ACTOR),
    );
    if (handled.after && handled.events.some((e) => e.type === 'TimeLimitPassed'))
      this.logger.warn('mediation still open at its time limit', {
        mediationId,
        caseId: handled.after.caseId,
        timeLimitDueAt: handled.after.timeLimitDueAt?.toISOString(),
      });
  }
}
