import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@chuishao/contracts';
import { causedBy } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { isClosed } from '../../domain/case-status';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';
import { CloseCase } from '../close-case/close-case.use-case';
import {
  RecordCaseProgress,
  progressCommandOf,
} from '../track-whistle-progress/record-case-progress.use-case';

export interface CloseCaseAfterRulingCommand {
  /** The ruling (ConfirmationGranted, or ConfirmationRejected after acceptance). */
  event: EventEnvelope;
  reason: string;
}

/** Records the court's ruling on the case and closes it, as intake, in the event's transaction. */
@Injectable()
export class CloseCaseAfterRuling {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly cases: CaseRepository,
    private readonly recordProgress: RecordCaseProgress,
    private readonly closeCase: CloseCase,
  ) {}

  execute(command: CloseCaseAfterRulingCommand): Promise<void> {
    return this.transactions.run(async () => {
      const caseId = command.event.caseId;
      // At once: the case is read next, to close it unless a clerk already has.
      await this.recordProgress.executeNow(progressCommandOf(command.event));
      const dispute = await this.cases.find(caseId, { lock: true });
      if (!dispute || isClosed(dispute.status)) return; // unknown here, or closed by a clerk already
      await this.closeCase.execute({
        caseId,
        reason: command.reason.slice(0, 1000),
        closer: { role: 'system' }, // the court's ruling closes the case wherever it was registered
        causation: causedBy(command.event, { role: 'system', id: 'intake' }),
      });
    });
  }
}
