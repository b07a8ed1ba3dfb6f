import { Inject, Injectable } from '@nestjs/common';
import type { AgreementReached, EventOf } from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { causedBy, EventFactory, OutboxWriter } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { windowCloseOf, type Agreement } from '../../domain/agreement';
import { JudicialRepository } from '../../infrastructure/persistence/judicial.repository';
import { DeadlineRequests, JUDICIAL_ACTOR, windowDeadlines } from '../deadline-requests';
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
    private readonly repository: JudicialRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    private readonly periods: LegalPeriods,
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  execute(event: EventOf<typeof AgreementReached>): Promise<void> {
    const p = event.payload;
    const effectiveAt = new Date(p.effectiveAt);
    return this.transactions.run(async (manager) => {
      const windowEnd = this.periods.checked(
        windowCloseOf(effectiveAt, this.settings.window, await this.periods.calendar()),
        'confirmation.window',
        { agreementId: p.agreementId, caseId: event.caseId },
      );
      const agreement: Agreement = {
        agreementId: p.agreementId,
        caseId: event.caseId,
        mediationId: p.mediationId,
        parties: p.parties,
        mediatorId: p.mediatorId,
        matters: p.matters,
        terms: p.terms,
        amount: p.amount,
        performanceDeadline: p.performanceDeadline ? new Date(p.performanceDeadline) : null,
        effectiveAt,
        windowClosesAt: windowEnd.dueAt,
        windowState: 'open',
        correlationId: event.correlationId,
      };
      if (!(await this.repository.insertAgreement(agreement))) return;
      const deadlines = new DeadlineRequests(this.events, agreement.caseId, causedBy(event, JUDICIAL_ACTOR));
      await this.outbox.append(
        manager,
        windowDeadlines(deadlines, agreement, this.settings, this.clock.now()),
      );
    });
  }
}
