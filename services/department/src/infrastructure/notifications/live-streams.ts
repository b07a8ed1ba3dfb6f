import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { LOGGER, type Logger } from '@chuishao/kernel';
import type { Response } from 'express';
import { NOTIFICATION_SETTINGS, type NotificationSettings } from '../../application/notification-settings';
import type { SummonsScope } from '../../domain/department-access';
import { StreamEntriesRepository } from '../persistence/stream-entries.repository';
import { NotificationSignals } from './notification-signals';

interface Subscriber {
  departmentId: string;
  /** What of the department the caller may see (a liaison of another department: nothing). */
  scope: SummonsScope;
  /** The id of the last entry written to it (SSE `id:`); a reconnect sends it as Last-Event-ID. */
  lastId: string;
  response: Response;
  busy: boolean;
  again: boolean;
}

const PAGE = 200;

/**
 * The live stream of each department (Server-Sent Events). Entries are rows with a bigserial id,
 * written with the notifications; a subscriber is sent every entry of its department with an id
 * above the last it got, so a client that reconnects with Last-Event-ID misses nothing. Woken on
 * commit by NotificationSignals, and by a poll in case a signal was lost.
 */
@Injectable()
export class LiveStreams implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly subscribers = new Set<Subscriber>();
  private readonly logger: Logger;
  private poll: NodeJS.Timeout | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly streams: StreamEntriesRepository,
    private readonly signals: NotificationSignals,
    @Inject(NOTIFICATION_SETTINGS) private readonly settings: NotificationSettings,
    @Inject(LOGGER) logger: Logger,
  ) {
    this.logger = logger.child('live-streams');
  }

  onApplicationBootstrap(): void {
    this.unsubscribe = this.signals.onSignal((signal) => {
      if (signal.kind !== 'deliveries') this.pumpAll();
    });
    this.poll = setInterval(() => this.pumpAll(), this.settings.pollIntervalMs);
    this.poll.unref();
    this.heartbeat = setInterval(() => {
      for (const s of this.subscribers) s.response.write(': keep-alive\n\n');
    }, this.settings.streamHeartbeatMs);
    this.heartbeat.unref();
  }

  /** Ends every stream, or the HTTP server would wait for them to close before shutting down. */
  beforeApplicationShutdown(): void {
    this.unsubscribe?.();
    if (this.poll) clearInterval(this.poll);
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.subscribers) s.response.end();
    this.subscribers.clear();
  }

  /**
   * Starts streaming a department's entries after `lastEventId` ('0': from the beginning), those
   * within `scope` only: an entry is left out, not held back, so a resume never brings it later.
   */
  attach(departmentId: string, scope: SummonsScope, lastEventId: string, response: Response): void {
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Connection', 'keep-alive');
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    response.write(`retry: 2000\n\n`);
    const subscriber: Subscriber = {
      departmentId,
      scope,
      lastId: lastEventId,
      response,
      busy: false,
      again: false,
    };
    this.subscribers.add(subscriber);
    response.on('close', () => this.subscribers.delete(subscriber));
    void this.pump(subscriber);
  }

  get size(): number {
    return this.subscribers.size;
  }

  private pumpAll(): void {
    for (const subscriber of this.subscribers) void this.pump(subscriber);
  }

  private async pump(subscriber: Subscriber): Promise<void> {
    if (subscriber.scope === 'none') return; // heartbeats only
    const within = subscriber.scope === 'all' ? null : subscriber.scope.within;
    if (subscriber.busy) {
      subscriber.again = true;
      return;
    }
    subscriber.busy = true;
    try {
      for (;;) {
        subscriber.again = false;
        const entries = await this.streams.after(subscriber.departmentId, subscriber.lastId, PAGE, within);
        if (!this.subscribers.has(subscriber)) return;
        for (const entry of entries) {
          subscriber.response.write(
            `id: ${entry.id}\nevent: ${entry.event}\ndata: ${JSON.stringify(entry.data)}\n\n`,
          );
          subscriber.lastId = entry.id;
        }
        if (entries.length < PAGE && !subscriber.again) return;
      }
    } catch (error) {
      this.logger.warn('live stream read failed; the next wake-up tries again', {
        departmentId: subscriber.departmentId,
        error: error instanceof Error ? error.message : String(error),
      });
    } finally {
      subscriber.busy = false;
    }
  }
}
