import { Inject, Injectable } from '@nestjs/common';
import { SummonsDeclined } from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { declining, declineSummons, type Summons } from '../../domain/summons';
import type { Caller } from '../../domain/department-access';
import { SummonsRepository } from '../../infrastructure/persistence/summons.repository';
import { transitionSummons } from '../summons-transition/transition-summons';

export interface DeclineSummonsCommand {
  summonsId: string;
  /** The verified caller: only the liaison of the summoned department may act. */
  caller: Caller;
  reason: string;
  causation: Causation;
}

/** A liaison declines with a reason; the operator must then reassign the summons elsewhere. */
@Injectable()
export class DeclineSummons {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly summons: SummonsRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: DeclineSummonsCommand): Promise<Summons> {
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const declined = await transitionSummons(this.summons, {
        summonsId: command.summonsId,
        caller: command.caller,
        change: () => declining(now, command.reason),
        apply: (current) => declineSummons(current, now, command.reason),
      });
      await this.outbox.append(manager, [
        this.events.build(SummonsDeclined, declined.caseId, command.causation, {
          summonsId: declined.id,
          whistleId: declined.whistleId,
          departmentId: declined.departmentId,
          declinedAt: declined.declinedAt.toISOString(),
          reason: declined.declineReason,
        }),
      ]);
      return declined;
    });
  }
}
