import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import type { Caller } from '../../domain/department-access';
import type { Summons } from '../../domain/summons';
import { SummonsCommands } from '../summons-commands';

export interface AcknowledgeSummonsCommand {
  summonsId: string;
  /** The verified caller: only the liaison of the summoned department may act. */
  caller: Caller;
  causation: Causation;
}

/** A liaison acknowledges its department's summons: someone is on the way (SummonsAcknowledged). */
@Injectable()
export class AcknowledgeSummons {
  constructor(
    private readonly commands: SummonsCommands,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(command: AcknowledgeSummonsCommand): Promise<Summons> {
    const { summonsId, caller } = command;
    return this.commands.answer(
      { type: 'Acknowledge', summonsId, caller, at: this.clock.now() },
      command.causation,
    );
  }
}
