import {
  Inject,
  Injectable,
  Optional,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import {
  CLOCK,
  LOGGER,
  loadSettings,
  positiveNumber,
  type Clock,
  type Environment,
  type Logger,
} from '@chuishao/kernel';
import { InboxRetention } from '@chuishao/messaging';
import { DataSource } from 'typeorm';
import { z } from 'zod';

export interface RetentionPolicy {
  /** Published outbox rows are kept this long for inspection, then deleted. */
  outboxHours: number;
  /**
   * Inbox rows must outlive any redelivery: a consumer group reset could replay a topic from its
   * start. The least they are kept; a topic that keeps messages longer (its retention.ms, read
   * at start-up by InboxRetention) keeps its rows as long, and one that keeps them forever keeps
   * its rows forever.
   */
  inboxDays: number;
  /** A retry after this long is a new request (the IETF idempotency-key draft's expiry). */
  idempotencyHours: number;
  intervalMinutes: number;
}

const retentionPolicySchema = z
  .object({
    OUTBOX_RETENTION_HOURS: positiveNumber(72).describe('published outbox rows are kept this long'),
    INBOX_RETENTION_DAYS: positiveNumber(14).describe("handled events' records at least this long"),
    IDEMPOTENCY_KEY_HOURS: positiveNumber(24).describe('a retry after this long is a new request'),
    HOUSEKEEPING_INTERVAL_MINUTES: positiveNumber(10).describe('a sweep this often'),
  })
  .transform((env) => ({
    outboxHours: env.OUTBOX_RETENTION_HOURS,
    inboxDays: env.INBOX_RETENTION_DAYS,
    idempotencyHours: env.IDEMPOTENCY_KEY_HOURS,
    intervalMinutes: env.HOUSEKEEPING_INTERVAL_MINUTES,
  }));

/** Positive numbers; a value that is not one stops the start (it was silently the default before). */
export function loadRetentionPolicy(env: Environment = process.env): RetentionPolicy {
  return loadSettings(retentionPolicySchema, env);
}

export const RETENTION_POLICY = Symbol.for('chuishao.RetentionPolicy');

/**
 * Deletes what has served its purpose: published outbox rows, inbox rows older than any possible
 * redelivery, expired Idempotency-Keys. Never touches unpublished outbox rows or the audit log.
 */
@Injectable()
export class Housekeeping implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(RETENTION_POLICY) private readonly policy: RetentionPolicy,
    @Optional() private readonly inboxRetention?: InboxRetention,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) =>
        this.logger.warn('housekeeping failed; retrying later', { error: String(error) }),
      );
    }, this.policy.intervalMinutes * 60_000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass; answers how many rows of each kind it removed. */
  async sweep(): Promise<{ outbox: number; inbox: number; idempotencyKeys: number }> {
    const now = this.clock.now().getTime();
    const before = (ms: number) => new Date(now - ms).toISOString();
    const deleted = async (sql: string, cutoff: string) => {
      const [, count] = (await this.dataSource.query(sql, [cutoff])) as [unknown, number];
      return count;
    };
    const result = {
      outbox: await deleted(
        'DELETE FROM outbox WHERE published_at IS NOT NULL AND published_at < $1',
        before(this.policy.outboxHours * 3_600_000),
      ),
      inbox: this.inboxRetention
        ? await this.inboxRetention.sweep(
            this.dataSource,
            this.clock.now(),
            this.policy.inboxDays * 86_400_000,
          )
        : await deleted(
            'DELETE FROM inbox WHERE handled_at < $1',
            before(this.policy.inboxDays * 86_400_000),
          ),
      idempotencyKeys: await deleted(
        'DELETE FROM idempotency_keys WHERE created_at < $1',
        before(this.policy.idempotencyHours * 3_600_000),
      ),
    };
    if (result.outbox + result.inbox + result.idempotencyKeys > 0)
      this.logger.info('housekeeping removed expired rows', result);
    return result;
  }
}
