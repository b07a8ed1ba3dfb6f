import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { notifySummons } from '../../domain/summons';
import { DepartmentRepository } from '../../infrastructure/persistence/department.repository';
import { SummonsRepository } from '../../infrastructure/persistence/summons.repository';

export interface SummonedEntry {
  summonsId: string;
  departmentId: string;
  arrivalDeadline: Date;
}

export interface ReceiveSummonsCommand {
  caseId: string;
  whistleId: string;
  caseNo: string;
  notifiedAt: Date;
  summons: SummonedEntry[];
}

/**
 * Puts the summons dispatch issued into each department's inbox, as `notified`. Runs inside the
 * inbox transaction of the event that carried them, so a redelivered event adds nothing.
 */
@Injectable()
export class ReceiveSummons {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly summons: SummonsRepository,
    private readonly departments: DepartmentRepository,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(command: ReceiveSummonsCommand): Promise<void> {
    return this.transactions.run(async () => {
      const { caseNo } = command;
      const received = command.summons.map((entry) =>
        notifySummons({
          id: entry.summonsId,
          whistleId: command.whistleId,
          caseId: command.caseId,
          caseNo,
          departmentId: entry.departmentId,
          arrivalDeadline: entry.arrivalDeadline,
          notifiedAt: command.notifiedAt,
        }),
      );
      const stored = await this.summons.insertNew(received);

      // The directory may lag behind dispatch: the summons is kept, and someone should look.
      const known = await this.departments.knownIds(stored.map((s) => s.departmentId));
      for (const summons of stored.filter((s) => !known.has(s.departmentId))) {
        this.logger.warn('summons for a department not in the directory; stored anyway', {
          summonsId: summons.id,
          departmentId: summons.departmentId,
          caseId: summons.caseId,
        });
      }
      if (stored.length < received.length) {
        this.logger.debug('summons already stored; left as they are', {
          whistleId: command.whistleId,
          repeated: received.length - stored.length,
        });
      }
    });
  }
}
