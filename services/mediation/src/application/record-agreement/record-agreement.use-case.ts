import { Inject, Injectable } from '@nestjs/common';
import { AgreementReached } from '@chuishao/contracts';
import { CLOCK, ConflictError, NotFoundError, uuidv7, type Clock } from '@chuishao/kernel';
import { EventFactory, OutboxWriter, type Causation } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { reachAgreement, type Agreement, type AgreementContent } from '../../domain/mediation';
import { MediationRepository } from '../../infrastructure/persistence/mediation.repository';
import { MediationInCharge, type ActingPost } from '../in-charge/in-charge';
import { cancelDeadlines } from '../ladder-deadlines';

export interface RecordAgreementCommand {
  mediationId: string;
  content: AgreementContent;
  /** Who asks: the mediator in charge or a supervisor whose centers reach the case. */
  post: ActingPost;
  causation: Causation;
}

@Injectable()
export class RecordAgreement {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: MediationRepository,
    private readonly inCharge: MediationInCharge,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: RecordAgreementCommand): Promise<Agreement> {
    return this.transactions.run(async (manager) => {
      const mediation = await this.repository.findMediation(command.mediationId, { lock: true });
      if (!mediation)
        throw new NotFoundError('MEDIATION_NOT_FOUND', `no mediation with id ${command.mediationId}`);
      await this.inCharge.assert(mediation, command.post);
      const known = await this.repository.findKnownCase(mediation.caseId);
      // Without the case's parties nobody can tell whether every party signed.
      if (!known)
        throw new ConflictError(
          'CASE_PARTIES_UNKNOWN',
          `mediation has not yet learnt the parties of case ${mediation.caseId}; retry shortly`,
        );
      const now = this.clock.now();
      const { mediation: agreed, agreement } = reachAgreement(
        mediation,
        { id: uuidv7(now.getTime()), content: command.content, caseParties: known.parties },
        now,
      );
      await this.repository.saveMediation(agreed);
      await this.repository.insertAgreement(agreement);
      await this.outbox.append(manager, [
        this.events.build(AgreementReached, mediation.caseId, command.causation, {
          agreementId: agreement.id,
          mediationId: mediation.id,
          parties: agreement.partySignatures.map((s) => s.party),
          mediatorId: agreement.mediatorSignature.mediator,
          matters: agreement.mattersInDispute,
          terms: agreement.terms,
          amount: agreement.amount,
          performanceDeadline: agreement.performance.deadline?.toISOString() ?? null,
          effectiveAt: agreement.effectiveAt.toISOString(),
        }),
        ...cancelDeadlines(this.events, mediation, command.causation),
      ]);
      return agreement;
    });
  }
}
