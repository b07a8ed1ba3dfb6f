import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import type { Caller } from '../../domain/department-access';
import type { ArrivalLocation, Summons } from '../../domain/summons';
import { SummonsCommands } from '../summons-commands';

export interface ReportArrivalCommand {
  summonsId: string;
  /** The verified caller: only the liaison of the summoned department may act. */
  caller: Caller;
  note?: string;
  /** Where the liaison's phone was, if it gave a position. */
  location?: ArrivalLocation | null;
  causation: Causation;
}

/**
 * A liaison reports its department on site (报到, DepartmentArrived); dispatch completes the
 * whistle when all have.
 */
@Injectable()
export class ReportArrival {
  constructor(
    private readonly commands: SummonsCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: ReportArrivalCommand): Promise<Summons> {
    const { summonsId, caller, note } = command;
    return this.commands.answer(
      {
        type: 'ReportArrival',
        summonsId,
        caller,
        note,
        location: command.location ?? null,
        at: this.clock.now(),
      },
      command.causation,
    );
  }
}
