import { Inject, Injectable } from '@nestjs/common';
import type { PerformanceOutcome } from '@chuishao/contracts';
import { CLOCK, uuidv7, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import type { PerformanceRecord } from '../../domain/mediation';
import { MediationInCharge, type ActingPost } from '../in-charge/in-charge';
import { MediationCommands } from '../mediation-commands';

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
  constructor(
    private readonly commands: MediationCommands,
    private readonly inCharge: MediationInCharge,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RecordPerformanceCommand): Promise<PerformanceRecord> {
    const handled = await this.commands.handle(
      command.mediationId,
      async (mediation) => {
        await this.inCharge.assert(mediation, command.post);
        const now = this.clock.now();
        return {
          type: 'RecordPerformance',
          performanceId: uuidv7(now.getTime()),
          outcome: command.outcome,
          note: command.note,
          recordedBy: command.post.id,
          at: now,
        };
      },
      command.causation,
    );
    const recorded = handled.events.find((e) => e.type === 'PerformanceRecorded');
    if (!recorded) throw new Error('a performance command that recorded nothing');
    return recorded.record;
  }
}
