import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, ForbiddenError, InvalidError, NotFoundError, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { centerPath, type Center } from '../../domain/center';
import { centersInScope, inScope, type CenterPost } from '../../domain/center-scope';
import type { CenterRef } from '../../domain/case.events';
import type { DisputeCase } from '../../domain/dispute-case';
import { mayRefer, referralDirection } from '../../domain/referral';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';
import { CaseCommands } from '../case-commands';

export interface ReferCaseCommand {
  caseId: string;
  toCenterId: string;
  reason: string;
  /** Who refers: a person whose centers reach the case (others answer as for an unknown case). */
  referrer: CenterPost;
  causation: Causation;
}

function caseNotFound(caseId: string): NotFoundError {
  return new NotFoundError('CASE_NOT_FOUND', `no case with id ${caseId}`);
}

/**
 * A case moves one tier (小事不出村、大事不出镇): referred up to its center's parent (上报) by the
 * center that holds it, or handed down to a center directly below (交办) by an operator or
 * supervisor. The tree and the person's reach are checked here; the Case decider refuses a closed
 * case, a blank reason and a center that is no neighbour. The case is the receiving center's from
 * the commit on: its queue, and the scope of everyone who reads it.
 */
@Injectable()
export class ReferCase {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: CaseRepository,
    private readonly commands: CaseCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: ReferCaseCommand): Promise<DisputeCase> {
    return this.transactions.run(async () => {
      const list = await this.cases.centers();
      const centers = new Map(list.map((c) => [c.id, c]));
      const target = centers.get(command.toCenterId);
      if (!target)
        throw new InvalidError('CENTER_UNKNOWN', `no center with id ${command.toCenterId}`, 'toCenterId');
      const handled = await this.commands.handle(
        command.caseId,
        async (state) => {
          if (!inScope(centersInScope(list, command.referrer), state.centerId))
            throw caseNotFound(command.caseId);
          const current = centers.get(state.centerId);
          if (!current) throw new Error(`case ${state.caseNo} sits at an unknown center ${state.centerId}`);
          const direction = referralDirection(current, target);
          if (direction && !mayRefer(command.referrer.role, direction))
            throw new ForbiddenError(
              'REFERRAL_NOT_YOURS',
              `a ${command.referrer.role} does not hand cases down`,
              {
                field: 'toCenterId',
              },
            );
          return {
            type: 'Refer',
            from: refOf(centers, current),
            to: refOf(centers, target),
            direction,
            reason: command.reason,
            at: this.clock.now(),
          };
        },
        command.causation,
      );
      const referred = handled.after && (await this.cases.find(command.caseId));
      if (!referred) throw caseNotFound(command.caseId);
      return referred;
    });
  }
}

function refOf(centers: ReadonlyMap<string, Center>, center: Center): CenterRef {
  return { id: center.id, name: center.name, tier: center.tier, path: centerPath(centers, center.id) };
}
