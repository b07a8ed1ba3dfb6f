import { Inject, Injectable } from '@nestjs/common';
import { caseProgressOf, type EventEnvelope } from '@chuishao/contracts';
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

  /**
   * Moves the event's case to the status the event implies, dated as the event says: the one
   * reading of the flow in libs/contracts (`caseProgressOf`). An event that implies none is a
   * programming error of the handler that passed it.
   */
  executeFor(event: EventEnvelope): Promise<void> {
    return this.execute(progressCommandOf(event));
  }

  /**
   * Moves the case with the other moves of the transaction, in one statement as it commits (a
   * consumer pays a round trip per statement).
   */
  execute(command: RecordCaseProgressCommand): Promise<void> {
    return this.transactions.run(() =>
      this.cases.advanceStatusAtCommit(command.caseId, this.change(command), () => this.unknown(command)),
    );
  }

  /** Moves the case at once, for a caller that reads it next in the same transaction. */
  executeNow(command: RecordCaseProgressCommand): Promise<void> {
    return this.transactions.run(async () => {
      const outcome = await this.cases.advanceStatus(command.caseId, this.change(command));
      if (outcome === 'unknown') this.unknown(command);
    });
  }

  private change(command: RecordCaseProgressCommand) {
    return { status: command.status, from: statusesBefore(command.status), at: command.at };
  }

  private unknown(command: RecordCaseProgressCommand): void {
    this.logger.warn('progress for a case intake does not know; ignored', { caseId: command.caseId });
  }
}

/** The move an event means for its case, as a command; throws for an event that means none. */
export function progressCommandOf(event: EventEnvelope): RecordCaseProgressCommand {
  const progress = caseProgressOf(event);
  if (!progress) throw new Error(`${event.type} does not move a case`);
  return { caseId: event.caseId, ...progress };
}
