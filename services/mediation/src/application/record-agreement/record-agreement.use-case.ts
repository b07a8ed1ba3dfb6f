import { Injectable } from '@nestjs/common';
import { ConflictError, uuidv7 } from '@chuishao/kernel';
import type { Causation } from '@chuishao/messaging';
import type { Agreement, AgreementContent } from '../../domain/mediation';
import { KnownCasesRepository } from '../../infrastructure/persistence/known-cases.repository';
import type { ActingPost } from '../in-charge/in-charge';
import { InChargeCommands } from '../in-charge/in-charge-commands';

export interface RecordAgreementCommand {
  mediationId: string;
  content: AgreementContent;
  /** Who asks: the mediator in charge or a supervisor whose centers reach the case. */
  post: ActingPost;
  causation: Causation;
}

/** The signed agreement: AgreementReached, the mediation closed and its deadlines cancelled. */
@Injectable()
export class RecordAgreement {
  constructor(
    private readonly commands: InChargeCommands,
    private readonly knownCases: KnownCasesRepository,
  ) {}

  async execute(command: RecordAgreementCommand): Promise<Agreement> {
    const handled = await this.commands.handle(
      command.mediationId,
      command.post,
      command.causation,
      async (mediation, now) => {
        const known = await this.knownCases.find(mediation.caseId);
        // Without the case's parties nobody can tell whether every party signed.
        if (!known)
          throw new ConflictError(
            'CASE_PARTIES_UNKNOWN',
            `mediation has not yet learnt the parties of case ${mediation.caseId}; retry shortly`,
          );
        return {
          type: 'RecordAgreement',
          agreementId: uuidv7(now.getTime()),
          content: command.content,
          caseParties: known.parties,
          at: now,
        };
      },
    );
    const reached = handled.events.find((e) => e.type === 'AgreementReached');
    if (!reached) throw new Error('an agreement command that reached no agreement');
    return reached.agreement;
  }
}
