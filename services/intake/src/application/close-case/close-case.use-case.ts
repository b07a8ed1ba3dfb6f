import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { centersInScope, inScope, type CenterPost } from '../../domain/center-scope';
import { requiredText, type DisputeCase } from '../../domain/dispute-case';
import { FOLLOW_UP_POLICY, followUpDueAt, type FollowUpPolicy } from '../../domain/follow-up';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';
import { CaseCommands } from '../case-commands';

export interface CloseCaseCommand {
  caseId: string;
  reason: string;
  /** The clerk closing: only cases of their own center (others answer as unknown). */
  closer: CenterPost;
  causation: Causation;
}

function caseNotFound(caseId: string): NotFoundError {
  return new NotFoundError('CASE_NOT_FOUND', `no case with id ${caseId}`);
}

/**
 * A clerk closes a case (withdrawn, resolved, referred); dispatch then refuses new whistles on it.
 * The Case decider refuses a second close (CASE_ALREADY_CLOSED); the closing makes the follow-up
 * with the parties due (回访, FollowUpScheduled).
 */
@Injectable()
export class CloseCase {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: CaseRepository,
    private readonly commands: CaseCommands,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(FOLLOW_UP_POLICY) private readonly followUp: FollowUpPolicy,
  ) {}

  execute(command: CloseCaseCommand): Promise<DisputeCase> {
    return this.transactions.run(async () => {
      // A blank reason is refused before the case is even looked up (400 before 404).
      const reason = requiredText(command.reason, 'CLOSE_REASON_REQUIRED', 'reason');
      const handled = await this.commands.handle(
        command.caseId,
        async (state) => {
          const scope = centersInScope(await this.cases.centers(), command.closer);
          if (!inScope(scope, state.centerId)) throw caseNotFound(command.caseId);
          const at = this.clock.now();
          return { type: 'Close', reason, at, followUpDueAt: followUpDueAt(at, this.followUp) };
        },
        command.causation,
      );
      const closed = handled.after && (await this.cases.find(command.caseId));
      if (!closed) throw caseNotFound(command.caseId);
      return closed;
    });
  }
}
