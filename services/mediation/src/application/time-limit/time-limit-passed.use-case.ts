import { Inject, Injectable } from '@nestjs/common';
import type { DeadlineReached, EventOf } from '@chuishao/contracts';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { timeLimitReached } from '../../domain/mediation';
import { MediationRepository } from '../../infrastructure/persistence/mediation.repository';
import { timeLimitDeadlineId } from '../ladder-deadlines';

/**
 * The mediation's time limit (one month by default) passed with the mediation still open: kept as
 * `timeLimitMissedAt` (shown by GET /mediations/:id) and said in the log. Announcing it to other
 * services needs an event of its own in libs/contracts, which does not exist yet.
 */
@Injectable()
export class TimeLimitPassed {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: MediationRepository,
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
    await this.transactions.run(async () => {
      const mediation = await this.repository.findMediation(mediationId, { lock: true });
      if (!mediation) return;
      const outcome = timeLimitReached(mediation, this.clock.now());
      if (outcome.kind === 'ignored') return;
      await this.repository.saveMediation(outcome.mediation);
      this.logger.warn('mediation still open at its time limit', {
        mediationId,
        caseId: mediation.caseId,
        timeLimitDueAt: mediation.timeLimitDueAt?.toISOString(),
      });
    });
  }
}
