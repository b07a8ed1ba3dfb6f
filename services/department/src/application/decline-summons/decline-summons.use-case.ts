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
    const now = this.clock.now();
    return transitionSummons(
      { transactions: this.transactions, summons: this.summons, outbox: this.outbox },
      {
        summonsId: command.summonsId,
        caller: command.caller,
        change: () => declining(now, command.reason),
        apply: (current) => declineSummons(current, now, command.reason),
        event: (after) =>
          this.events.build(SummonsDeclined, after.caseId, command.causation, {
            summonsId: after.id,
            whistleId: after.whistleId,
            departmentId: after.departmentId,
            declinedAt: after.declinedAt.toISOString(),
            reason: after.declineReason,
          }),
      },
    );
  }
}
