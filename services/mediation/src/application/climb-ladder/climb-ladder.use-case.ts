import { Inject, Injectable } from '@nestjs/common';
import {
  MEDIATION_TIER_LEVELS,
  type DeadlineReached,
  type EventOf,
  type MediationTierLevel,
} from '@chuishao/contracts';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { causedBy } from '@chuishao/messaging';
import { LegalTime } from '../legal-time/legal-time';
import { MEDIATION_ACTOR, levelDeadlineId } from '../ladder-deadlines';
import { MediationCommands } from '../mediation-commands';
import { MEDIATION_SETTINGS, type MediationSettings } from '../mediation-settings';

/**
 * 四级七天: a level that missed its deadline hands the mediation to the next level, which gets
 * its own deadline. Runs in the inbox transaction of the DeadlineReached that says so.
 */
@Injectable()
export class ClimbLadder {
  private readonly logger: Logger;

  constructor(
    private readonly commands: MediationCommands,
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
    const causation = causedBy(event, MEDIATION_ACTOR);
    const handled = await this.commands.handle(
      mediationId,
      async (mediation) => ({
        type: 'ReachLevelDeadline',
        level,
        ladder: this.legalTime.ladder(await this.legalTime.calendar(), this.settings.ladder, {
          mediationId,
          caseId: mediation.caseId,
        }),
        at: this.clock.now(),
      }),
      causation,
    );
    if (handled.after && handled.events.some((e) => e.type === 'TopLevelMissed'))
      // Nobody above the town party committee and government: the miss is recorded and shown.
      this.logger.warn('top level of the mediation ladder missed its deadline', {
        mediationId,
        caseId: handled.after.caseId,
      });
  }
}
