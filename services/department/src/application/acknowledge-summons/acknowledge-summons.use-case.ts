import { Inject, Injectable } from '@nestjs/common';
import { SummonsAcknowledged } from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { acknowledgement, acknowledgeSummons, type Summons } from '../../domain/summons';
import type { Caller } from '../../domain/department-access';
import { SummonsRepository } from '../../infrastructure/persistence/summons.repository';
import { transitionSummons } from '../summons-transition/transition-summons';

export interface AcknowledgeSummonsCommand {
  summonsId: string;
  /** The verified caller: only the liaison of the summoned department may act. */
  caller: Caller;
  causation: Causation;
}

/** A liaison acknowledges its department's summons: someone is on the way. */
@Injectable()
export class AcknowledgeSummons {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly summons: SummonsRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: AcknowledgeSummonsCommand): Promise<Summons> {
    const now = this.clock.now();
    return transitionSummons(
      { transactions: this.transactions, summons: this.summons, outbox: this.outbox },
      {
        summonsId: command.summonsId,
        caller: command.caller,
        change: () => acknowledgement(now),
        apply: (current) => acknowledgeSummons(current, now),
        event: (after) =>
          this.events.build(SummonsAcknowledged, after.caseId, command.causation, {
            summonsId: after.id,
            whistleId: after.whistleId,
            departmentId: after.departmentId,
            acknowledgedAt: after.acknowledgedAt.toISOString(),
          }),
      },
    );
  }
}
