import { Inject, Injectable } from '@nestjs/common';
import type { AgreementReached, EventOf } from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { causedBy } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { ConfirmationCommands } from '../confirmation-commands';
import { JUDICIAL_ACTOR } from '../deadline-requests';
import { JUDICIAL_SETTINGS, type JudicialSettings } from '../judicial-settings';
import { LegalPeriods } from '../legal-time/legal-periods';

/**
 * A signed agreement opens the parties' 30-day confirmation window (counted on the legal
 * calendar): kept here, with two deadlines on sla-timer, the reminder 5 days before the window
 * closes and the close itself.
 */
@Injectable()
export class RecordAgreement {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly commands: ConfirmationCommands,
    private readonly periods: LegalPeriods,
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(event: EventOf<typeof AgreementReached>): Promise<void> {
    const p = event.payload;
    return this.transactions.run(async () => {
      await this.commands.recordAgreement(
        {
          type: 'RecordAgreement',
          agreement: {
            agreementId: p.agreementId,
            caseId: event.caseId,
            mediationId: p.mediationId,
            parties: p.parties,
            mediatorId: p.mediatorId,
            matters: p.matters,
            terms: p.terms,
            amount: p.amount,
            performanceDeadline: p.performanceDeadline ? new Date(p.performanceDeadline) : null,
            effectiveAt: new Date(p.effectiveAt),
            correlationId: event.correlationId,
          },
          window: this.settings.window,
          calendar: await this.periods.calendar(),
          at: this.clock.now(),
        },
        causedBy(event, JUDICIAL_ACTOR),
      );
    });
  }
}
