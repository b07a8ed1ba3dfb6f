import { Inject, Injectable } from '@nestjs/common';
import { MediationFailed, type MediationReferral } from '@chuishao/contracts';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { currentLevel, failMediation, type Mediation } from '../../domain/mediation';
import { MediationRepository } from '../../infrastructure/persistence/mediation.repository';
import { MediationInCharge, type ActingPost } from '../in-charge/in-charge';
import { cancelDeadlines } from '../ladder-deadlines';

export interface FailMediationCommand {
  mediationId: string;
  reason: string;
  referral: MediationReferral;
  /** Who asks: the mediator in charge or a supervisor whose centers reach the case. */
  post: ActingPost;
  causation: Causation;
}

@Injectable()
export class FailMediation {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: MediationRepository,
    private readonly inCharge: MediationInCharge,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: FailMediationCommand): Promise<Mediation> {
    return this.transactions.run(async (manager) => {
      const mediation = await this.repository.findMediation(command.mediationId, { lock: true });
      if (!mediation)
        throw new NotFoundError('MEDIATION_NOT_FOUND', `no mediation with id ${command.mediationId}`);
      await this.inCharge.assert(mediation, command.post);
      const now = this.clock.now();
      const failed = failMediation(mediation, { reason: command.reason, referral: command.referral }, now);
      await this.repository.saveMediation(failed);
      const level = currentLevel(failed).level;
      await this.outbox.append(manager, [
        this.events.build(MediationFailed, mediation.caseId, command.causation, {
          mediationId: mediation.id,
          reason: command.reason,
          referral: command.referral,
          tierLevel: level,
          failedAt: now.toISOString(),
        }),
        ...cancelDeadlines(this.events, mediation, command.causation),
      ]);
      return failed;
    });
  }
}
