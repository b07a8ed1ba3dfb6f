import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import type { Caller } from '../../domain/department-access';
import type { Summons } from '../../domain/summons';
import { SummonsCommands } from '../summons-commands';

export interface DeclineSummonsCommand {
  summonsId: string;
  /** The verified caller: only the liaison of the summoned department may act. */
  caller: Caller;
  reason: string;
  causation: Causation;
}

/**
 * A liaison declines with a reason (SummonsDeclined); the operator must then reassign the
 * summons elsewhere.
 */
@Injectable()
export class DeclineSummons {
  constructor(
    private readonly commands: SummonsCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: DeclineSummonsCommand): Promise<Summons> {
    const { summonsId, caller, reason } = command;
    return this.commands.answer(
      { type: 'Decline', summonsId, caller, reason, at: this.clock.now() },
      command.causation,
    );
  }
}
