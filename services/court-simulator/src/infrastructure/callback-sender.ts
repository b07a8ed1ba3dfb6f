import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { CLOCK, LOGGER, type Clock, type Logger } from '@chuishao/kernel';
import { signCallback } from '../domain/signature';
import { SIMULATOR_SETTINGS, type SimulatorSettings } from '../application/simulator-settings';

const MAX_ATTEMPTS = 20;

/**
 * Delivers a notice to the filer, signed, retrying with backoff until the filer answers 2xx (the
 * same callbackId every time, so the filer can drop repeats). Each attempt is signed afresh with
 * the current time, as a real court's webhook would be.
 */
@Injectable()
export class CallbackSender implements OnModuleDestroy {
  private readonly pending = new Set<NodeJS.Timeout>();
  private readonly logger: Logger;
  private closed = false;

  constructor(
    @Inject(SIMULATOR_SETTINGS) private readonly settings: SimulatorSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('callbacks');
  }

  send(url: string, notice: Record<string, unknown>, attempt = 1): void {
    void this.deliver(url, notice).then((ok) => {
      if (ok || this.closed) return;
      if (attempt >= MAX_ATTEMPTS) {
        this.logger.error('callback given up', { url, callbackId: notice.callbackId, attempt });
        return;
      }
      const delay = Math.min(this.settings.callbackRetryMs * 2 ** (attempt - 1), 60_000);
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        this.send(url, notice, attempt + 1);
      }, delay);
      this.pending.add(timer);
    });
  }

  private async deliver(url: string, notice: Record<string, unknown>): Promise<boolean> {
    const body = JSON.stringify(notice);
    const timestamp = Math.floor(this.clock.now().getTime() / 1000);
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-court-id': this.settings.courtId,
          'x-court-timestamp': String(timestamp),
          'x-court-signature': signCallback(this.settings.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(10_000),
      });
      if (response.ok) return true;
      this.logger.warn('callback refused', { url, status: response.status, callbackId: notice.callbackId });
      return false;
    } catch (error) {
      this.logger.warn('callback failed', { url, error: String(error), callbackId: notice.callbackId });
      return false;
    }
  }

  onModuleDestroy(): void {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
  }
}
