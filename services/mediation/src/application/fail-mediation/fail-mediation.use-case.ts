import { Injectable } from '@nestjs/common';
import type { MediationReferral } from '@chuishao/contracts';
import type { Causation } from '@chuishao/messaging';
import type { Mediation } from '../../domain/mediation';
import type { ActingPost } from '../in-charge/in-charge';
import { InChargeCommands } from '../in-charge/in-charge-commands';

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
  constructor(private readonly commands: InChargeCommands) {}

  async execute(command: FailMediationCommand): Promise<Mediation> {
    const handled = await this.commands.handle(
      command.mediationId,
      command.post,
      command.causation,
      (_m, now) => ({
        type: 'Fail',
        reason: command.reason,
        referral: command.referral,
        at: now,
      }),
    );
    return handled.after;
  }
}
