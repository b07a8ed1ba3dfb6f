import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import { SERVICE_CONFIG, type ServiceConfig } from '@chuishao/platform';
import { Client } from 'pg';
import {
  NOTIFICATIONS_CHANNEL,
  signalOfPayload,
  UNKNOWN_SIGNAL,
  type NotificationSignal,
} from '../persistence/notification-signal-payloads';

/**
 * Wakes the delivery worker and the live streams when a transaction that wrote notifications or
 * stream entries commits, from any instance: PostgreSQL LISTEN/NOTIFY delivers a NOTIFY only on
 * commit, so a listener never wakes to rows it cannot see yet. The payload says what was
 * written (notification-signal-payloads.ts): the streams wake to stream entries, the worker to
 * notifications, with as many lanes as they make claims due. Best effort: the worker and the
 * streams also poll, so a lost connection only slows them down while this one reconnects.
 */
@Injectable()
export class NotificationSignals implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly listeners = new Set<(signal: NotificationSignal) => void>();
  private readonly logger: Logger;
  private client: Client | null = null;
  private stopped = false;
  private reconnect: NodeJS.Timeout | null = null;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: ServiceConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('notification-signals');
  }

  onSignal(listener: (signal: NotificationSignal) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Wakes this process's listeners at once (anything may be new, unless `signal` says what). */
  emit(signal: NotificationSignal = UNKNOWN_SIGNAL): void {
    for (const listener of this.listeners) {
      try {
        listener(signal);
      } catch (error) {
        this.logger.warn('a notification listener failed', { error: String(error) });
      }
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.connect();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.reconnect) clearTimeout(this.reconnect);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private async connect(attempt = 0): Promise<void> {
    if (this.stopped) return;
    const client = new Client({
      connectionString: this.config.database.url,
      application_name: `${this.config.database.applicationName}-listen`,
    });
    client.on('notification', (message) => {
      const signal =
        message.channel === NOTIFICATIONS_CHANNEL
          ? signalOfPayload(message.payload, this.config.database.schema)
          : null;
      if (signal) this.emit(signal);
    });
    client.on('error', (error) => {
      this.logger.warn('notification listener connection lost; reconnecting', { error: error.message });
      void client.end().catch(() => undefined);
      if (this.client === client) this.client = null;
      this.scheduleReconnect(1);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${NOTIFICATIONS_CHANNEL}`);
      if (this.stopped) {
        await client.end();
        return;
      }
      this.client = client;
      // Anything written while nobody listened is found by this pass.
      this.emit();
    } catch (error) {
      await client.end().catch(() => undefined);
      this.logger.warn('notification listener could not connect; polling only until it does', {
        attempt,
        error: error instanceof Error ? error.message : String(error),
      });
      this.scheduleReconnect(attempt + 1);
    }
  }

  private scheduleReconnect(attempt: number): void {
    if (this.stopped || this.reconnect) return;
    this.reconnect = setTimeout(
      () => {
        this.reconnect = null;
        void this.connect(attempt);
      },
      Math.min(30_000, 500 * 2 ** Math.min(attempt, 6)),
    );
    this.reconnect.unref();
  }
}
