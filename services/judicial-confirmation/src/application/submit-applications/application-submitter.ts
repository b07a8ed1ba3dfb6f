import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { TransactionHost } from '@chuishao/persistence';
import type { ConfirmationRequest } from '../../domain/confirmation-request';
import { CourtMetrics } from '../../infrastructure/court/court-metrics';
import { FilingQueue } from '../../infrastructure/persistence/filing-queue';
import { JudicialRepository } from '../../infrastructure/persistence/judicial.repository';
import { ConfirmationCommands } from '../confirmation-commands';
import { JUDICIAL_ACTOR } from '../deadline-requests';
import { JUDICIAL_SETTINGS, type JudicialSettings } from '../judicial-settings';
import { COURT_ADAPTER, type CourtAdapter } from '../ports/court-adapter';
import { CourtHealthWatch } from '../watch-court-health/court-health-watch';

const BATCH = 10;

/**
 * Files `submitting` applications with the court. A court that is down, slow or answers 5xx
 * leaves the application `submitting` with its next attempt pushed back (exponential backoff);
 * nothing is lost because the row is the queue, and nothing is filed twice because every attempt
 * carries the request id as the court's idempotency key.
 */
@Injectable()
export class ApplicationSubmitter implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private stopped = false;
  private readonly logger: Logger;

  constructor(
    private readonly transactions: TransactionHost,
    private readonly queue: FilingQueue,
    private readonly reads: JudicialRepository,
    private readonly commands: ConfirmationCommands,
    @Inject(COURT_ADAPTER) private readonly court: CourtAdapter,
    private readonly metrics: CourtMetrics,
    private readonly courtHealth: CourtHealthWatch,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('submitter');
  }

  onApplicationBootstrap(): void {
    if (this.settings.submitter.enabled) this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** A new application was committed: file it now rather than at the next poll. */
  wake(): void {
    if (this.settings.submitter.enabled && !this.stopped) this.schedule(0);
  }

  /** One pass over the due applications; returns how many it tried (tests drive it directly). */
  async fileDue(): Promise<number> {
    const s = this.settings.submitter;
    const lease = s.requestTimeoutMs * 2 + 1000;
    const claimed = await this.transactions.run(() => this.queue.claimDue(this.clock.now(), lease, BATCH));
    for (const request of claimed) await this.file(request);
    return claimed.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.loop().finally(() => {
        this.running = null;
        this.schedule(this.again ? 0 : this.settings.submitter.pollMs);
        this.again = false;
      });
    }, delayMs);
  }

  private async loop(): Promise<void> {
    try {
      while (!this.stopped && (await this.fileDue()) === BATCH);
    } catch (error) {
      this.logger.error('filing pass failed', { error: String(error) });
    }
  }

  private async file(claimed: ConfirmationRequest): Promise<void> {
    const agreement = await this.reads.agreement(claimed.agreementId);
    if (!agreement) return;
    // Nothing is published for a filing attempt: the causation only names who recorded it.
    const causation = { actor: JUDICIAL_ACTOR, correlationId: claimed.correlationId };
    try {
      const filing = await this.court.submit(
        {
          reference: claimed.requestId,
          agreementId: agreement.agreementId,
          parties: agreement.parties,
          matters: agreement.matters,
          terms: agreement.terms,
        },
        claimed.requestId,
      );
      this.metrics.filings.inc({ court: this.court.courtId, outcome: 'filed' });
      await this.courtHealth.attempted(this.court.courtId, {
        answered: true,
        at: this.clock.now(),
        error: null,
      });
      await this.commands.handle(
        claimed.agreementId,
        {
          type: 'RecordFiling',
          requestId: claimed.requestId,
          filingId: filing.filingId,
          at: this.clock.now(),
        },
        causation,
      );
      this.logger.info('application filed', { requestId: claimed.requestId, filingId: filing.filingId });
    } catch (error) {
      this.metrics.filings.inc({ court: this.court.courtId, outcome: 'unavailable' });
      const message = (error instanceof Error ? error.message : String(error)).slice(0, 300);
      await this.courtHealth.attempted(this.court.courtId, {
        answered: false,
        at: this.clock.now(),
        error: message,
      });
      const s = this.settings.submitter;
      const handled = await this.commands.handle(
        claimed.agreementId,
        {
          type: 'RecordFilingFailure',
          requestId: claimed.requestId,
          error: message,
          retry: { baseMs: s.retryBaseMs, maxMs: s.retryMaxMs },
          at: this.clock.now(),
        },
        causation,
      );
      const request = handled.after?.requests.find((r) => r.requestId === claimed.requestId);
      if (request && handled.events.length > 0)
        this.logger.warn('court unavailable; application stays submitting', {
          requestId: request.requestId,
          attempts: request.submitAttempts,
          nextAttemptAt: request.nextAttemptAt?.toISOString(),
          error: request.lastError,
        });
    }
  }
}
