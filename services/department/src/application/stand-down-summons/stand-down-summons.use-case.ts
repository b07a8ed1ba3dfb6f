import { Inject, Injectable } from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import { PlanNotifications } from '../notify/plan-notifications';
import { SummonsCommands } from '../summons-commands';

export interface StandDownSummonsCommand {
  summonsId: string;
  caseNo: string;
  reason: string;
  stoodDownAt: Date;
  /** When the event happened: notification latency counts from it. */
  occurredAt: Date;
}

/**
 * The operator stood a department down (dispatch's SummonsStoodDown): its summons is marked
 * stood_down, so the liaison's answers are refused (409 SUMMONS_STOOD_DOWN), and its on-duty
 * liaisons (and webhook) are told they need not come, in the inbox transaction of the event.
 */
@Injectable()
export class StandDownSummons {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly commands: SummonsCommands,
    private readonly notifications: PlanNotifications,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  execute(command: StandDownSummonsCommand): Promise<void> {
    return this.transactions.run(async () => {
      const summons = await this.commands.standDown({
        type: 'StandDown',
        summonsId: command.summonsId,
        at: command.stoodDownAt,
        reason: command.reason,
      });
      if (!summons) {
        this.logger.debug('stand-down of a summons unknown here or already past; left as it is', {
          summonsId: command.summonsId,
        });
        return;
      }
      await this.notifications.plan({
        kind: 'stood_down',
        key: `stood_down:${summons.id}`,
        summonsId: summons.id,
        caseId: summons.caseId,
        caseNo: summons.caseNo ?? command.caseNo,
        departmentId: summons.departmentId,
        centerId: summons.centerId,
        arrivalDeadline: summons.arrivalDeadline,
        occurredAt: command.occurredAt,
      });
    });
  }
}
