import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { statusesBefore, type CaseStatus } from '../../domain/case-status';
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
      // One statement checks and moves the case (a consumer pays a round trip per statement).
      const outcome = await this.cases.advanceStatus(command.caseId, {
        status: command.status,
        from: statusesBefore(command.status),
        at: command.at,
      });
      if (outcome === 'unknown')
        this.logger.warn('progress for a case intake does not know; ignored', { caseId: command.caseId });
    });
  }
}
