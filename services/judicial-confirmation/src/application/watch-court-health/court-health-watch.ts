import { Inject, Injectable } from '@nestjs/common';
import {
  CourtOutageDetected,
  CourtOutageEnded,
  OUTSIDE_HEALTH_STREAM_ID,
  type EventEnvelope,
} from '@chuishao/contracts';
import { LOGGER, uuidv7, type Logger } from '@chuishao/kernel';
import { EventFactory, OutboxWriter } from '@chuishao/messaging';
import { TransactionHost } from '@chuishao/persistence';
import {
  afterCourtAttempt,
  courtHealthChanged,
  type CourtAttempt,
  type CourtHealthEvent,
} from '../../domain/court-health';
import { CourtHealthRepository } from '../../infrastructure/persistence/court-health.repository';
import { JUDICIAL_ACTOR } from '../deadline-requests';
import { JUDICIAL_SETTINGS, type JudicialSettings } from '../judicial-settings';

/**
 * Keeps each court's health with the submitter's filing attempts (issue 20 item 7): the decision
 * is the domain's (court-health.ts); an outage beginning or ending goes to the outbox, for the
 * board and the alert, in the transaction that stores it.
 */
@Injectable()
export class CourtHealthWatch {
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly health: CourtHealthRepository,
    private readonly events: EventFactory,
    private readonly outbox: OutboxWriter,
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('court-health');
  }

  attempted(courtId: string, attempt: CourtAttempt): Promise<void> {
    return this.transactions.run(async (manager) => {
      const before = await this.health.lock(courtId);
      const { health, event } = afterCourtAttempt(before, attempt, this.settings.submitter.outageAfterMs);
      if (courtHealthChanged(before, health)) await this.health.save(health);
      if (!event) return;
      await this.outbox.append(manager, [this.announcement(courtId, event)]);
      if (event.type === 'OutageDetected')
        this.logger.warn('court not answering', {
          courtId,
          since: event.since.toISOString(),
          error: event.lastError,
        });
      else this.logger.info('court answering again', { courtId, since: event.since.toISOString() });
    });
  }

  private announcement(courtId: string, event: CourtHealthEvent): EventEnvelope {
    const causation = { actor: JUDICIAL_ACTOR, correlationId: uuidv7() };
    if (event.type === 'OutageDetected')
      return this.events.build(CourtOutageDetected, OUTSIDE_HEALTH_STREAM_ID, causation, {
        courtId,
        silentSince: event.since.toISOString(),
        lastError: event.lastError,
      });
    return this.events.build(CourtOutageEnded, OUTSIDE_HEALTH_STREAM_ID, causation, {
      courtId,
      silentSince: event.since.toISOString(),
      answeredAt: event.endedAt.toISOString(),
    });
  }
}
