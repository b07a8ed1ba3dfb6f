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
    return this.transactions.run(async (manager) => {
      const now = this.clock.now();
      const acknowledged = await transitionSummons(this.summons, {
        summonsId: command.summonsId,
        caller: command.caller,
        change: () => acknowledgement(now),
        apply: (current) => acknowledgeSummons(current, now),
      });
      await this.outbox.append(manager, [
        this.events.build(SummonsAcknowledged, acknowledged.caseId, command.causation, {
          summonsId: acknowledged.id,
          whistleId: acknowledged.whistleId,
          departmentId: acknowledged.departmentId,
          acknowledgedAt: acknowledged.acknowledgedAt.toISOString(),
        }),
      ]);
      return acknowledged;
    });
  }
}
