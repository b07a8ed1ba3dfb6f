import { Inject, Injectable } from '@nestjs/common';
import type { MediationReferral } from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import type { Mediation } from '../../domain/mediation';
import { MediationInCharge, type ActingPost } from '../in-charge/in-charge';
import { MediationCommands } from '../mediation-commands';

export interface FailMediationCommand {
  mediationId: string;
  reason: string;
  referral: MediationReferral;
  /** Who asks: the mediator in charge or a supervisor whose centers reach the case. */
  post: ActingPost;
  causation: Causation;
}

/** Ends a mediation without agreement: MediationFailed, and its deadlines cancelled. */
@Injectable()
export class FailMediation {
  constructor(
    private readonly commands: MediationCommands,
    private readonly inCharge: MediationInCharge,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: FailMediationCommand): Promise<Mediation> {
    const handled = await this.commands.handle(
      command.mediationId,
      async (mediation) => {
        await this.inCharge.assert(mediation, command.post);
        return { type: 'Fail', reason: command.reason, referral: command.referral, at: this.clock.now() };
      },
      command.causation,
    );
    return handled.after;
  }
}
