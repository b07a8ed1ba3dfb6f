import { Inject, Injectable } from '@nestjs/common';
import type { AgreementReached, EventOf } from '@chuishao/contracts';
import { causedBy, EventFactory, OutboxWriter } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { windowCloseOf, type Agreement } from '../../domain/agreement';
import { DEADLINE_KINDS } from '../../domain/deadlines';
import { JudicialRepository } from '../../infrastructure/persistence/judicial.repository';
import { DeadlineRequests, JUDICIAL_ACTOR } from '../deadline-requests';
import { JUDICIAL_SETTINGS, type JudicialSettings } from '../judicial-settings';

/**
 * A signed agreement opens the parties' 30-day confirmation window: kept here, with two
 * deadlines on sla-timer, the reminder 5 days before the window closes and the close itself.
 */
@Injectable()
export class RecordAgreement {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: JudicialRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
  ) {}

  execute(event: EventOf<typeof AgreementReached>): Promise<void> {
    const p = event.payload;
    const effectiveAt = new Date(p.effectiveAt);
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
      windowClosesAt: windowCloseOf(effectiveAt, this.settings.windowSeconds),
      windowState: 'open',
      correlationId: event.correlationId,
    };
    return this.transactions.run(async (manager) => {
      if (!(await this.repository.insertAgreement(agreement))) return;
      const deadlines = new DeadlineRequests(this.events, agreement.caseId, causedBy(event, JUDICIAL_ACTOR));
      const context = {
        agreementId: agreement.agreementId,
        windowClosesAt: agreement.windowClosesAt.toISOString(),
      };
      const reminderAt = new Date(
        agreement.windowClosesAt.getTime() - this.settings.reminderBeforeSeconds * 1000,
      );
      await this.outbox.append(manager, [
        deadlines.schedule(DEADLINE_KINDS.windowReminder, agreement.agreementId, reminderAt, context),
        deadlines.schedule(DEADLINE_KINDS.window, agreement.agreementId, agreement.windowClosesAt, context),
      ]);
    });
  }
}
