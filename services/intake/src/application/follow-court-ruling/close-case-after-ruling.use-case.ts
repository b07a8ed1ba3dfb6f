import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@chuishao/contracts';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { causedBy } from '@chuishao/messaging';
import { FOLLOW_UP_POLICY, followUpDueAt, type FollowUpPolicy } from '../../domain/follow-up';
import { CaseCommands } from '../case-commands';
import { INTAKE_ACTOR, progressCommandOf } from '../track-whistle-progress/record-case-progress.use-case';

export interface CloseCaseAfterRulingCommand {
  /** The ruling (ConfirmationGranted, or ConfirmationRejected after acceptance). */
  event: EventEnvelope;
  reason: string;
}

/**
 * Records the court's ruling on the case and closes it, as intake, in the event's transaction:
 * the Case decider moves it to the ruling's status, dated by the ruling, then closes it unless a
 * clerk already has. The ruling closes the case wherever it was registered (no scope check).
 */
@Injectable()
export class CloseCaseAfterRuling {
  constructor(
    private readonly commands: CaseCommands,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(FOLLOW_UP_POLICY) private readonly followUp: FollowUpPolicy,
  ) {}

  async execute(command: CloseCaseAfterRulingCommand): Promise<void> {
    const { event } = command;
    const ruling = progressCommandOf(event);
    if (ruling.status !== 'confirmed' && ruling.status !== 'rejected')
      throw new Error(`${event.type} is not a ruling`);
    const at = this.clock.now();
    const handled = await this.commands.handle(
      event.caseId,
      {
        type: 'FollowRuling',
        status: ruling.status,
        ruledAt: ruling.at,
        reason: command.reason,
        at,
        followUpDueAt: followUpDueAt(at, this.followUp),
      },
      causedBy(event, INTAKE_ACTOR),
    );
    if (!handled.before)
      this.logger.warn('a ruling for a case intake does not know; ignored', { caseId: event.caseId });
  }
}
