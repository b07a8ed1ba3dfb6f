import { Injectable } from '@nestjs/common';
import { CommandHandler, OutboxWriter, type Causation, type Handled } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import {
  confirmationDecider,
  decide,
  evolve,
  type Confirmation,
  type ConfirmationCommand,
  type ConfirmationEvent,
} from '../domain/confirmation-request.decider';
import { ConfirmationStore } from '../infrastructure/persistence/confirmation.store';
import { ConfirmationPublications } from './confirmation-publications';
import { LegalPeriods } from './legal-time/legal-periods';

/**
 * Every change of an agreement's confirmation goes through here: the decider decides, the one
 * CommandHandler (lock and load → decide → save → outbox, in the ambient transaction) stores, and
 * ConfirmationPublications says which integration events each domain event stands for.
 */
@Injectable()
export class ConfirmationCommands {
  constructor(
    private readonly handler: CommandHandler,
    private readonly store: ConfirmationStore,
    private readonly publications: ConfirmationPublications,
    private readonly periods: LegalPeriods,
    private readonly transactions: TransactionHost,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * An agreement not yet known: decided on nothing, inserted, its window's deadlines to the
   * outbox, in the ambient transaction. Null when it was known already (a redelivery).
   */
  async recordAgreement(
    command: Extract<ConfirmationCommand, { type: 'RecordAgreement' }>,
    causation: Causation,
  ): Promise<Confirmation | null> {
    const events = decide(command, null);
    const recorded = events.reduce<Confirmation | null>(evolve, null);
    if (!recorded) throw new Error('an agreement that decided no confirmation');
    this.checkPeriods(events, recorded);
    if (!(await this.store.insert(recorded.agreement))) return null;
    await this.outbox.append(this.transactions.manager, this.publications.of(events, recorded, causation));
    return recorded;
  }

  /**
   * `command`, or how to make it from the confirmation once locked (a lookup that needs the
   * agreement). `before` null: there is no such agreement, and nothing was done.
   */
  handle(
    agreementId: string,
    command: ConfirmationCommand | ((confirmation: Confirmation) => Promise<ConfirmationCommand>),
    causation: Causation,
  ): Promise<Handled<Confirmation, ConfirmationEvent>> {
    return this.handler.handle(agreementId, command, {
      decider: confirmationDecider,
      store: this.store,
      publish: (events: ConfirmationEvent[], after: Confirmation) => {
        this.checkPeriods(events, after);
        return this.publications.of(events, after, causation);
      },
    });
  }

  /**
   * A legal period that ends in a year without a holiday schedule was counted on weekends only:
   * said in the log and on a metric (LegalPeriods.checked), for each period a decision counted.
   */
  private checkPeriods(events: ConfirmationEvent[], after: Confirmation): void {
    const { agreementId, caseId } = after.agreement;
    for (const event of events) {
      if (event.type === 'AgreementRecorded')
        this.periods.checked(event.windowEnd, 'confirmation.window', { agreementId, caseId });
      if (event.type === 'ConfirmationRequested')
        this.periods.checked(event.acceptanceEnd, 'confirmation.acceptance', {
          requestId: event.request.requestId,
          caseId,
        });
      if (event.type === 'ConfirmationAccepted' || event.type === 'RulingExtended')
        this.periods.checked(event.rulingEnd, 'confirmation.ruling', { requestId: event.requestId, caseId });
    }
  }
}
