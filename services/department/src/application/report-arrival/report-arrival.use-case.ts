import { Inject, Injectable } from '@nestjs/common';
import { DepartmentArrived } from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { arrival, reportArrival, type ArrivalLocation, type Summons } from '../../domain/summons';
import type { Caller } from '../../domain/department-access';
import { SummonsRepository } from '../../infrastructure/persistence/summons.repository';
import { transitionSummons } from '../summons-transition/transition-summons';

export interface ReportArrivalCommand {
  summonsId: string;
  /** The verified caller: only the liaison of the summoned department may act. */
  caller: Caller;
  note?: string;
  /** Where the liaison's phone was, if it gave a position. */
  location?: ArrivalLocation | null;
  causation: Causation;
}

/** A liaison reports its department on site (报到); dispatch completes the whistle when all have. */
@Injectable()
export class ReportArrival {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly summons: SummonsRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: ReportArrivalCommand): Promise<Summons> {
    const now = this.clock.now();
    return transitionSummons<ReturnType<typeof arrival>['set']>(
      { transactions: this.transactions, summons: this.summons, outbox: this.outbox },
      {
        summonsId: command.summonsId,
        caller: command.caller,
        change: () => arrival(now, command.note, command.location ?? null),
        apply: (current) => reportArrival(current, now, command.note, command.location ?? null),
        event: (after) =>
          this.events.build(DepartmentArrived, after.caseId, command.causation, {
            summonsId: after.id,
            whistleId: after.whistleId,
            departmentId: after.departmentId,
            arrivedAt: after.arrivedAt.toISOString(),
            note: after.arrivalNote,
            location: after.arrivalLocation,
          }),
      },
    );
  }
}
