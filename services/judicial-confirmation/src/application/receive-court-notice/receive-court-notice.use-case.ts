import { Inject, Injectable } from '@nestjs/common';
import {
  ConfirmationAccepted,
  ConfirmationGranted,
  ConfirmationRejected,
  type EventEnvelope,
} from '@chuishao/contracts';
import { CLOCK, LOGGER, NotFoundError, type Clock, type Logger } from '@chuishao/kernel';
import { EventFactory, OutboxWriter } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import { applyNotice, type ConfirmationRequest, type NoticeEffect } from '../../domain/confirmation-request';
import { DEADLINE_KINDS } from '../../domain/deadlines';
import { JudicialRepository } from '../../infrastructure/persistence/judicial.repository';
import { DeadlineRequests, JUDICIAL_ACTOR, windowDeadlines } from '../deadline-requests';
import { JUDICIAL_SETTINGS, type JudicialSettings } from '../judicial-settings';
import { LegalPeriods } from '../legal-time/legal-periods';
import type { ReceivedNotice } from '../ports/court-adapter';

export interface NoticeOutcome {
  requestId: string;
  status: ConfirmationRequest['status'];
  /** True when this callback id was already acted on: nothing changed this time. */
  duplicate: boolean;
  effect: NoticeEffect['kind'];
}

/**
 * A court's signed notice (its signature already verified): acceptance, refusal, extension of the
 * ruling period, or the ruling. Applied once per callback id, in one transaction with the events
 * and deadline changes it causes.
 */
@Injectable()
export class ReceiveCourtNotice {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly repository: JudicialRepository,
    private readonly outbox: OutboxWriter,
    private readonly events: EventFactory,
    private readonly periods: LegalPeriods,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('court-notices');
  }

  execute(courtId: string, received: ReceivedNotice): Promise<NoticeOutcome> {
    return this.transactions.run(async (manager) => {
      const request = await this.repository.request(received.reference, true);
      if (!request || request.courtId !== courtId)
        throw new NotFoundError(
          'REQUEST_NOT_FOUND',
          `no application ${received.reference} filed with ${courtId}`,
        );
      const effect = applyNotice(request, received.notice, {
        calendar: await this.periods.calendar(),
        ruling: this.settings.ruling,
        rulingExtension: this.settings.rulingExtension,
      });
      const first = await this.repository.recordCallback(
        courtId,
        received.callbackId,
        request.requestId,
        received.notice.type,
        effect.kind,
        this.clock.now(),
      );
      if (!first) {
        const current = (await this.repository.request(request.requestId))!;
        return { requestId: request.requestId, status: current.status, duplicate: true, effect: 'ignored' };
      }
      if (effect.kind === 'ignored') {
        this.logger.info('court notice ignored', {
          requestId: request.requestId,
          notice: received.notice.type,
          why: effect.why,
        });
        return {
          requestId: request.requestId,
          status: request.status,
          duplicate: false,
          effect: effect.kind,
        };
      }
      if (effect.kind === 'accepted' || effect.kind === 'extended')
        this.periods.checked(effect.rulingEnd, 'confirmation.ruling', {
          requestId: request.requestId,
          caseId: request.caseId,
        });
      if (received.filingId) request.filingId ??= received.filingId;
      await this.repository.saveRequest(request);
      await this.outbox.append(manager, this.eventsFor(request, effect));
      if (effect.kind === 'refused') await this.reopenWindow(request);
      return { requestId: request.requestId, status: request.status, duplicate: false, effect: effect.kind };
    });
  }

  /**
   * A refused filing hands the agreement back to the parties: they may apply again while the
   * window lasts, so its deadlines are armed again (or it is missed at once if it has closed).
   */
  private async reopenWindow(request: ConfirmationRequest): Promise<void> {
    const agreement = await this.repository.agreement(request.agreementId, true);
    if (!agreement || agreement.windowState !== 'applied') return;
    await this.repository.setWindowState(agreement.agreementId, 'open');
    const causation = { actor: JUDICIAL_ACTOR, correlationId: request.correlationId };
    const deadlines = new DeadlineRequests(this.events, request.caseId, causation);
    await this.outbox.append(
      this.transactions.manager,
      windowDeadlines(deadlines, agreement, this.settings, this.clock.now()),
    );
  }

  private eventsFor(request: ConfirmationRequest, effect: NoticeEffect): EventEnvelope[] {
    const causation = {
      actor: { role: 'court' as const, id: request.courtId },
      correlationId: request.correlationId,
    };
    const deadlines = new DeadlineRequests(this.events, request.caseId, causation);
    const base = { requestId: request.requestId, agreementId: request.agreementId, courtId: request.courtId };
    switch (effect.kind) {
      case 'accepted':
        return [
          this.events.build(ConfirmationAccepted, request.caseId, causation, {
            ...base,
            courtCaseNumber: request.courtCaseNumber!,
            acceptedAt: request.acceptedAt!.toISOString(),
            rulingDueAt: request.rulingDueAt!.toISOString(),
          }),
          deadlines.cancel(DEADLINE_KINDS.acceptance, request.requestId),
          deadlines.schedule(DEADLINE_KINDS.ruling, request.requestId, request.rulingDueAt!, {
            agreementId: request.agreementId,
          }),
        ];
      case 'refused':
        return [
          this.events.build(ConfirmationRejected, request.caseId, causation, {
            ...base,
            stage: 'filing',
            courtCaseNumber: null,
            reasons: request.reasons,
            rejectedAt: request.ruledAt!.toISOString(),
          }),
          deadlines.cancel(DEADLINE_KINDS.acceptance, request.requestId),
        ];
      case 'extended':
        // Same deadline id: sla-timer re-arms the ruling timer at the extended due time.
        return [
          deadlines.schedule(DEADLINE_KINDS.ruling, request.requestId, request.rulingDueAt!, {
            agreementId: request.agreementId,
            extended: true,
          }),
        ];
      case 'ruled':
        return [
          effect.outcome === 'confirmed'
            ? this.events.build(ConfirmationGranted, request.caseId, causation, {
                ...base,
                courtCaseNumber: request.courtCaseNumber!,
                ruledAt: request.ruledAt!.toISOString(),
              })
            : this.events.build(ConfirmationRejected, request.caseId, causation, {
                ...base,
                stage: 'ruling',
                courtCaseNumber: request.courtCaseNumber,
                reasons: request.reasons,
                rejectedAt: request.ruledAt!.toISOString(),
              }),
          deadlines.cancel(DEADLINE_KINDS.ruling, request.requestId),
        ];
      case 'ignored':
        return [];
    }
  }
}
