import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { advanceStatus, type CaseStatus } from '../../domain/case-status';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';

export interface RecordCaseProgressCommand {
  caseId: string;
  status: CaseStatus;
  at: Date;
}

/** Moves a case forward as other services report (whistled, on site…); never backwards. */
@Injectable()
export class RecordCaseProgress {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: CaseRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(command: RecordCaseProgressCommand): Promise<void> {
    return this.transactions.run(async () => {
      const dispute = await this.cases.find(command.caseId, { lock: true });
      if (!dispute) {
        this.logger.warn('progress for a case intake does not know; ignored', { caseId: command.caseId });
        return;
      }
      const next = advanceStatus(dispute.status, command.status);
      if (next !== dispute.status)
        await this.cases.updateStatus(dispute.id, { status: next, at: command.at });
    });
  }
}
