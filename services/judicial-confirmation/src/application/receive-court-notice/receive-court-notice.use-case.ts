import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import type { ConfirmationRequest } from '../../domain/confirmation-request';
import { requestNotFound } from '../../domain/confirmation-request.decider';
import type { NoticeEffectKind } from '../../domain/confirmation-request.events';
import { ConfirmationStore } from '../../infrastructure/persistence/confirmation.store';
import { ConfirmationCommands } from '../confirmation-commands';
import { JUDICIAL_SETTINGS, type JudicialSettings } from '../judicial-settings';
import { LegalPeriods } from '../legal-time/legal-periods';
import type { ReceivedNotice } from '../ports/court-adapter';
import { CourtHealthWatch } from '../watch-court-health/court-health-watch';

export interface NoticeOutcome {
  requestId: string;
  status: ConfirmationRequest['status'];
  /** True when this callback id was already acted on: nothing changed this time. */
  duplicate: boolean;
  effect: NoticeEffectKind;
}

/**
 * A court's signed notice (its signature already verified): acceptance, refusal, extension of the
 * ruling period, or the ruling. Applied once per callback id, in one transaction with the events
 * and deadline changes it causes. A court that calls back is answering: an outage of it ends here
 * too (its filing's answer may have been lost, and the callbacks carry on without a retry).
 */
@Injectable()
export class ReceiveCourtNotice {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly commands: ConfirmationCommands,
    private readonly store: ConfirmationStore,
    private readonly periods: LegalPeriods,
    private readonly courtHealth: CourtHealthWatch,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('court-notices');
  }

  execute(courtId: string, received: ReceivedNotice): Promise<NoticeOutcome> {
    const requestId = received.reference;
    return this.transactions.run(async () => {
      const agreementId = await this.store.agreementOfRequest(requestId);
      if (!agreementId) throw requestNotFound(requestId, courtId);
      const periods = {
        calendar: await this.periods.calendar(),
        ruling: this.settings.ruling,
        rulingExtension: this.settings.rulingExtension,
      };
      const handled = await this.commands.handle(
        agreementId,
        async () => ({
          type: 'ReceiveCourtNotice',
          courtId,
          callbackId: received.callbackId,
          requestId,
          filingId: received.filingId,
          notice: received.notice,
          // Read under the agreement's lock: the same callback twice, at once, is seen the second time.
          alreadyReceived: await this.store.callbackReceived(courtId, received.callbackId),
          periods,
          at: this.clock.now(),
        }),
        // Who asks; what the notice publishes is the court's act in the application's own
        // correlation, as ConfirmationPublications says.
        { actor: { role: 'court', id: courtId }, correlationId: requestId },
      );
      const request = handled.after?.requests.find((r) => r.requestId === requestId);
      if (!request) throw requestNotFound(requestId, courtId);
      await this.courtHealth.attempted(courtId, { answered: true, at: this.clock.now(), error: null });
      const noticed = handled.events.find((e) => e.type === 'CourtNoticeReceived');
      if (!noticed) return { requestId, status: request.status, duplicate: true, effect: 'ignored' };
      if (noticed.effect === 'ignored')
        this.logger.info('court notice ignored', {
          requestId,
          notice: received.notice.type,
          why: noticed.ignoredBecause,
        });
      return { requestId, status: request.status, duplicate: false, effect: noticed.effect };
    });
  }
}
