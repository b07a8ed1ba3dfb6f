import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { SummonsRepository } from '../../infrastructure/persistence/summons.repository';
import { PlanNotifications } from '../notify/plan-notifications';
import { SummonsCommands } from '../summons-commands';

export interface SummonedEntry {
  summonsId: string;
  departmentId: string;
  arrivalDeadline: Date;
}

export interface ReceiveSummonsCommand {
  caseId: string;
  whistleId: string;
  caseNo: string;
  /** The center that blew the whistle; a reassignment does not say, the whistle's earlier summons do. */
  centerId: string | null;
  notifiedAt: Date;
  /** When the event that carried the summons happened: notification latency counts from it. */
  occurredAt: Date;
  summons: SummonedEntry[];
}

/**
 * Puts the summons dispatch issued into each department's inbox, as `notified`. Runs inside the
 * inbox transaction of the event that carried them, so a redelivered event adds nothing, and
 * writes in that same transaction who must hear of each new summons (the notifications' outbox).
 * The insert's statement also reads what planning needs of the directory.
 */
@Injectable()
export class ReceiveSummons {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly summons: SummonsRepository,
    private readonly commands: SummonsCommands,
    private readonly notifications: PlanNotifications,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(command: ReceiveSummonsCommand): Promise<void> {
    return this.transactions.run(async () => {
      const { caseNo } = command;
      const centerId = command.centerId ?? (await this.summons.centerOfWhistle(command.whistleId));
      const received = command.summons.map((entry) => ({
        id: entry.summonsId,
        whistleId: command.whistleId,
        caseId: command.caseId,
        caseNo,
        departmentId: entry.departmentId,
        centerId,
        arrivalDeadline: entry.arrivalDeadline,
        notifiedAt: command.notifiedAt,
      }));
      const triggers = received.map((summons) => ({
        kind: 'summons' as const,
        key: `summons:${summons.id}`,
        summonsId: summons.id,
        caseId: summons.caseId,
        caseNo,
        departmentId: summons.departmentId,
        centerId,
        arrivalDeadline: summons.arrivalDeadline,
        occurredAt: command.occurredAt,
      }));
      // What planning needs of the directory is read by the insert's statement: one round trip.
      const { stored, alongside } = await this.commands.notify(
        received,
        this.notifications.directoryReadFor(triggers),
      );

      // The directory may lag behind dispatch: the summons is kept, and someone should look.
      for (const { summons } of stored.filter((s) => !s.departmentKnown)) {
        this.logger.warn('summons for a department not in the directory; stored anyway', {
          summonsId: summons.id,
          departmentId: summons.departmentId,
          caseId: summons.caseId,
        });
      }
      const isNew = new Set(stored.map(({ summons }) => summons.id));
      await this.notifications.planAll(
        triggers.filter((t) => isNew.has(t.summonsId)),
        alongside,
      );
      if (stored.length < received.length) {
        this.logger.debug('summons already stored; left as they are', {
          whistleId: command.whistleId,
          repeated: received.length - stored.length,
        });
      }
    });
  }
}
