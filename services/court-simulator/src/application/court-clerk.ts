import {
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  type OnModuleDestroy,
} from '@nestjs/common';
import { createHash } from 'node:crypto';
import { CLOCK, LOGGER, uuidv7, type Clock, type Logger } from '@chuishao/kernel';
import {
  acceptanceDecision,
  courtCaseNumber,
  rulingDecision,
  wantsExtension,
  type Filing,
  type FilingApplication,
} from '../domain/filing';
import { CallbackSender } from '../infrastructure/callback-sender';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from './simulator-settings';

/**
 * The court's registry, in memory: takes filings (once per idempotency key), decides on
 * acceptance after `acceptAfterMs`, rules `ruleAfterMs` later, and sends each decision as a signed
 * notice to the filer's callback URL. Restarting the simulator forgets everything, which is what a
 * stand-in for development and tests needs.
 */
@Injectable()
export class CourtClerk implements OnModuleDestroy {
  private readonly filings = new Map<string, Filing>();
  private readonly byKey = new Map<string, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private sequence = 0;
  private readonly logger: Logger;

  constructor(
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly callbacks: CallbackSender,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('clerk');
  }

  /** ECF ReviewFiling: one filing per idempotency key; the same key again returns it. */
  submit(idempotencyKey: string, application: FilingApplication): { filing: Filing; replayed: boolean } {
    const fingerprint = createHash('sha256').update(JSON.stringify(application)).digest('hex');
    const existingId = this.byKey.get(idempotencyKey);
    if (existingId) {
      const existing = this.filings.get(existingId)!;
      if (existing.fingerprint !== fingerprint)
        throw new ConflictException({
          statusCode: 409,
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: 'this idempotency key came with another application',
        });
      return { filing: existing, replayed: true };
    }
    const filing: Filing = {
      filingId: uuidv7(this.clock.now().getTime()),
      idempotencyKey,
      fingerprint,
      application,
      status: 'submitted',
      submittedAt: this.clock.now(),
      courtCaseNumber: null,
      acceptedAt: null,
      rulingDueAt: null,
      extended: false,
      ruledAt: null,
      reasons: [],
    };
    this.filings.set(filing.filingId, filing);
    this.byKey.set(idempotencyKey, filing.filingId);
    this.logger.info('filing received', { filingId: filing.filingId, reference: application.reference });
    this.later(this.settings.acceptAfterMs, () => this.review(filing));
    return { filing, replayed: false };
  }

  get(filingId: string): Filing {
    const filing = this.filings.get(filingId);
    if (!filing)
      throw new NotFoundException({
        statusCode: 404,
        code: 'FILING_NOT_FOUND',
        message: `no filing ${filingId}`,
      });
    return filing;
  }

  list(reference?: string): Filing[] {
    return [...this.filings.values()].filter((f) => !reference || f.application.reference === reference);
  }

  private review(filing: Filing): void {
    const decision = acceptanceDecision(filing.application, this.settings);
    const now = this.clock.now();
    if (!decision.accept) {
      filing.status = 'refused';
      filing.reasons = decision.reasons;
      this.notify(filing, { type: 'refused', reasons: decision.reasons, at: now.toISOString() });
      return;
    }
    filing.status = 'accepted';
    filing.acceptedAt = now;
    filing.courtCaseNumber = courtCaseNumber(now.getUTCFullYear(), this.settings.courtCode, ++this.sequence);
    filing.rulingDueAt = new Date(now.getTime() + this.settings.ruleAfterMs);
    this.notify(filing, { type: 'accepted', at: now.toISOString() });
    if (wantsExtension(filing.application, this.settings)) {
      this.later(this.settings.ruleAfterMs / 2, () => this.extend(filing));
    } else {
      this.later(this.settings.ruleAfterMs, () => this.rule(filing));
    }
  }

  private extend(filing: Filing): void {
    filing.extended = true;
    this.notify(filing, { type: 'ruling-extended', at: this.clock.now().toISOString() });
    this.later(this.settings.ruleAfterMs, () => this.rule(filing));
  }

  private rule(filing: Filing): void {
    const ruling = rulingDecision(filing.application, this.settings);
    const now = this.clock.now();
    filing.ruledAt = now;
    filing.status = ruling.outcome;
    filing.reasons = ruling.outcome === 'rejected' ? ruling.reasons : [];
    this.notify(filing, {
      type: 'ruled',
      outcome: ruling.outcome,
      reasons: filing.reasons,
      at: now.toISOString(),
    });
  }

  /** ECF NotifyFilingReviewComplete, as a signed webhook. */
  private notify(filing: Filing, notice: Record<string, unknown>): void {
    const url = filing.application.callbackUrl || this.settings.defaultCallbackUrl;
    if (!url) {
      this.logger.warn('no callback URL for a filing; notice kept for status reads only', {
        filingId: filing.filingId,
      });
      return;
    }
    this.callbacks.send(url, {
      callbackId: uuidv7(this.clock.now().getTime()),
      courtId: this.settings.courtId,
      filingId: filing.filingId,
      reference: filing.application.reference,
      courtCaseNumber: filing.courtCaseNumber,
      ...notice,
    });
  }

  private later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  onModuleDestroy(): void {
    for (const timer of this.timers) clearTimeout(timer);
  }
}
