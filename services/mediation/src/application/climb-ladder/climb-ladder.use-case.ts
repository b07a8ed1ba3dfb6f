import { Inject, Injectable } from '@nestjs/common';
import {
  MEDIATION_TIER_LEVELS,
  MediationLevelRaised,
  type DeadlineReached,
  type EventOf,
  type MediationTierLevel,
} from '@chuishao/contracts';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, causedBy } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { levelDeadlineReached } from '../../domain/mediation';
import { MediationRepository } from '../../infrastructure/persistence/mediation.repository';
import { LegalTime } from '../legal-time/legal-time';
import { MEDIATION_ACTOR, levelDeadlineId, scheduleLevelDeadline } from '../ladder-deadlines';
import { MEDIATION_SETTINGS, type MediationSettings } from '../mediation-settings';

/**
 * 四级七天: a level that missed its deadline hands the mediation to the next level, which gets
 * its own deadline. Runs in the inbox transaction of the DeadlineReached that says so.
 */
@Injectable()
export class ClimbLadder {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: MediationRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    private readonly legalTime: LegalTime,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(MEDIATION_SETTINGS) private readonly settings: MediationSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('climb-ladder');
  }

  async levelDeadlineReached(event: EventOf<typeof DeadlineReached>): Promise<void> {
    const level = event.payload.context.level as MediationTierLevel;
    const mediationId = event.payload.subjectId;
    if (
      !MEDIATION_TIER_LEVELS.includes(level) ||
      event.payload.deadlineId !== levelDeadlineId(mediationId, level)
    ) {
      // Not a deadline this service scheduled (its id is derived from mediation and level).
      this.logger.warn('level deadline that matches no schedule of ours ignored', {
        deadlineId: event.payload.deadlineId,
        subjectId: mediationId,
      });
      return;
    }
    await this.transactions.run(async (manager) => {
      const mediation = await this.repository.findMediation(mediationId, { lock: true });
      if (!mediation) return;
      const ladder = this.legalTime.ladder(this.settings.ladder, { mediationId, caseId: mediation.caseId });
      const outcome = levelDeadlineReached(mediation, level, ladder, this.clock.now());
      if (outcome.kind === 'ignored') return;
      await this.repository.saveMediation(outcome.mediation);
      if (outcome.kind === 'top_level_missed') {
        // Nobody above the town party committee and government: the miss is recorded and shown.
        this.logger.warn('top level of the mediation ladder missed its deadline', {
          mediationId,
          caseId: mediation.caseId,
        });
        return;
      }
      const causation = causedBy(event, MEDIATION_ACTOR);
      await this.outbox.append(manager, [
        this.events.build(MediationLevelRaised, mediation.caseId, causation, {
          mediationId,
          fromLevel: outcome.from.level,
          toLevel: outcome.to.level,
          reason: 'deadline_missed',
          missedDueAt: outcome.from.dueAt.toISOString(),
          raisedAt: outcome.to.startedAt.toISOString(),
          levelDueAt: outcome.to.dueAt.toISOString(),
        }),
        scheduleLevelDeadline(this.events, outcome.mediation, outcome.to, causation),
      ]);
    });
  }
}
