import { Injectable } from '@nestjs/common';
import type { PerformanceOutcome } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import type { PerformanceRecord } from '../../domain/mediation';
import type { ActingPost } from '../in-charge/in-charge';
import { InChargeCommands } from '../in-charge/in-charge-commands';

export interface RecordPerformanceCommand {
  mediationId: string;
  outcome: PerformanceOutcome;
  note: string | null;
  /** Who asks: the mediator in charge or a supervisor whose centers reach the case. */
  post: ActingPost;
  causation: Causation;
}

/**
 * The agreement's performance as the mediator found it (art. 31): AgreementPerformanceRecorded,
 * with the law's remedies when it was not (fully) performed.
 */
@Injectable()
export class RecordPerformance {
  constructor(private readonly commands: InChargeCommands) {}

  async execute(command: RecordPerformanceCommand): Promise<PerformanceRecord> {
    const handled = await this.commands.handle(
      command.mediationId,
      command.post,
      command.causation,
      (_m, now) => ({
        type: 'RecordPerformance',
        performanceId: uuidv7(now.getTime()),
        outcome: command.outcome,
        note: command.note,
        recordedBy: command.post.id,
        at: now,
      }),
    );
    const recorded = handled.events.find((e) => e.type === 'PerformanceRecorded');
    if (!recorded) throw new Error('a performance command that recorded nothing');
    return recorded.record;
  }
}
