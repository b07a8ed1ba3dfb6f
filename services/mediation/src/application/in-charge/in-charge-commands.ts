import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import type { Mediation } from '../../domain/mediation';
import type { MediationCommand } from '../../domain/mediation.decider';
import { MediationCommands } from '../mediation-commands';
import { MediationInCharge, type ActingPost } from './in-charge';

/**
 * A command only the mediator in charge (or a supervisor whose centers reach the case) may give:
 * the mediation is locked, the post checked (404 otherwise, before anything is decided), and the
 * command made from the mediation at the clock's time. What record-session, record-agreement,
 * record-performance and fail-mediation share.
 */
@Injectable()
export class InChargeCommands {
  constructor(
    private readonly commands: MediationCommands,
    private readonly inCharge: MediationInCharge,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  handle(
    mediationId: string,
    post: ActingPost,
    causation: Causation,
    make: (mediation: Mediation, now: Date) => MediationCommand | Promise<MediationCommand>,
  ) {
    return this.commands.handleExisting(
      mediationId,
      async (mediation) => {
        await this.inCharge.assert(mediation, post);
        return make(mediation, this.clock.now());
      },
      causation,
    );
  }
}
