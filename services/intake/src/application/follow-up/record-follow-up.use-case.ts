import { Inject, Injectable } from '@nestjs/common';
import type { FollowUpAnswer, FollowUpChannel } from '@chuishao/contracts';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { centersInScope, inScope, type CenterPost } from '../../domain/center-scope';
import type { DisputeCase } from '../../domain/dispute-case';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';
import { CaseCommands } from '../case-commands';

export interface RecordFollowUpCommand {
  caseId: string;
  channel: FollowUpChannel;
  answer: FollowUpAnswer;
  resolved: boolean;
  comment: string;
  /**
   * The clerk (operator, supervisor) who took the party's answer on the phone: only cases of their
   * centers (others answer as unknown). Null for the party's own answer through the one-time link,
   * whose token already names the case.
   */
  recorder: CenterPost | null;
  causation: Causation;
}

function caseNotFound(caseId: string): NotFoundError {
  return new NotFoundError('CASE_NOT_FOUND', `no case with id ${caseId}`);
}

/**
 * A party's answer to a closed case's follow-up (回访, issue #19 item 2). The Case decider keeps
 * one answer per closing and reopens the case on an unsatisfied one (FollowUpRecorded, then
 * CaseReopened): back in its center's operator queue, with the party's comment.
 */
@Injectable()
export class RecordFollowUp {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: CaseRepository,
    private readonly commands: CaseCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: RecordFollowUpCommand): Promise<DisputeCase> {
    return this.transactions.run(async () => {
      const handled = await this.commands.handle(
        command.caseId,
        async (state) => {
          if (command.recorder) {
            const scope = centersInScope(await this.cases.centers(), command.recorder);
            if (!inScope(scope, state.centerId)) throw caseNotFound(command.caseId);
          }
          const { channel, answer, resolved, comment } = command;
          return { type: 'RecordFollowUp', channel, answer, resolved, comment, at: this.clock.now() };
        },
        command.causation,
      );
      const recorded = handled.after && (await this.cases.find(command.caseId));
      if (!recorded) throw caseNotFound(command.caseId);
      return recorded;
    });
  }
}
