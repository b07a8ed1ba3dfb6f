import { Inject, Injectable } from '@nestjs/common';
import { CaseClosed } from '@chuishao/contracts';
import { CLOCK, ConflictError, NotFoundError, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { isClosed } from '../../domain/case-status';
import { centersInScope, inScope, type CenterPost } from '../../domain/center-scope';
import { requiredText, type DisputeCase } from '../../domain/dispute-case';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';

export interface CloseCaseCommand {
  caseId: string;
  reason: string;
  /** The clerk closing: only cases of their own center (others answer as unknown). */
  closer: CenterPost;
  causation: Causation;
}

/** A clerk closes a case (withdrawn, resolved, referred); dispatch then refuses new whistles on it. */
@Injectable()
export class CloseCase {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: CaseRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: CloseCaseCommand): Promise<DisputeCase> {
    return this.transactions.run(async (manager) => {
      const reason = requiredText(command.reason, 'CLOSE_REASON_REQUIRED', 'reason');
      const dispute = await this.cases.find(command.caseId, { lock: true });
      const scope = centersInScope(await this.cases.centers(), command.closer);
      if (!dispute || !inScope(scope, dispute.centerId))
        throw new NotFoundError('CASE_NOT_FOUND', `no case with id ${command.caseId}`);
      if (isClosed(dispute.status))
        throw new ConflictError('CASE_ALREADY_CLOSED', `case ${dispute.caseNo} is already closed`);
      const now = this.clock.now();
      await this.cases.updateStatus(dispute.id, {
        status: 'closed',
        at: now,
        closedAt: now,
        closeReason: reason,
      });
      await this.outbox.append(manager, [
        this.events.build(CaseClosed, dispute.id, command.causation, {
          reason,
          closedAt: now.toISOString(),
        }),
      ]);
      return { ...dispute, status: 'closed', closedAt: now, closeReason: reason };
    });
  }
}
