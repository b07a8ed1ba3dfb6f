import { loadSettings, positiveWholeNumber, type Environment } from '@chuishao/kernel';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';

export const REQUEST_LIMITS = Symbol.for('chuishao.RequestLimits');

/**
 * The budgets AuthGuard spends, each per minute:
 *  - `changes`: state-changing requests per caller (role and subject);
 *  - `reads`: GET requests per caller;
 *  - `failedSignIns`: refused bearer tokens per client address;
 *  - `public`: requests to @Public routes (the console's files and session config, dev sign-in,
 *    court callbacks) per client address.
 */
export interface RateLimitConfig {
  changes: number;
  reads: number;
  failedSignIns: number;
  public: number;
}

export type Budget = keyof RateLimitConfig;

export type LimitVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number };

const WINDOW_SECONDS = 60;
const TABLE = 'rate_limits';

/** RATE_LIMIT_*_PER_MINUTE, positive whole numbers; RATE_LIMIT_PER_MINUTE keeps its old meaning. */
export const rateLimitVariables = {
  RATE_LIMIT_PER_MINUTE: positiveWholeNumber(300).describe('state-changing requests per caller'),
  RATE_LIMIT_READS_PER_MINUTE: positiveWholeNumber(1200).describe('reads per caller'),
  RATE_LIMIT_FAILED_SIGN_INS_PER_MINUTE: positiveWholeNumber(30).describe(
    'refused bearer tokens per client address',
  ),
  RATE_LIMIT_PUBLIC_PER_MINUTE: positiveWholeNumber(600).describe(
    'requests to public routes per client address',
  ),
};

export function rateLimitsOf(env: {
  RATE_LIMIT_PER_MINUTE: number;
  RATE_LIMIT_READS_PER_MINUTE: number;
  RATE_LIMIT_FAILED_SIGN_INS_PER_MINUTE: number;
  RATE_LIMIT_PUBLIC_PER_MINUTE: number;
}): RateLimitConfig {
  return {
    changes: env.RATE_LIMIT_PER_MINUTE,
    reads: env.RATE_LIMIT_READS_PER_MINUTE,
    failedSignIns: env.RATE_LIMIT_FAILED_SIGN_INS_PER_MINUTE,
    public: env.RATE_LIMIT_PUBLIC_PER_MINUTE,
  };
}

/** For a tool without the whole service configuration (the court simulator, tests). */
export function loadRateLimitConfig(env: Environment): RateLimitConfig {
  return loadSettings(z.object(rateLimitVariables).transform(rateLimitsOf), env);
}

/**
 * The budgets of one service, counted in a table of its own schema that every instance of the
 * service shares (rate-limiter-flexible's RateLimiterPostgres over the service's pg pool), so two
 * replicas allow what one would. Fixed one-minute windows. Should the database fail, each
 * instance falls back to counting in memory (the library's insurance limiter) rather than
 * refusing everyone or letting everyone through.
 */
export class RequestLimits {
  private constructor(private readonly limiters: Record<Budget, RateLimiterAbstract>) {}

  static shared(dataSource: DataSource, config: RateLimitConfig): RequestLimits {
    return RequestLimits.build(
      config,
      (budget, points) =>
        new RateLimiterPostgres({
          storeClient: dataSource,
          storeType: 'typeorm',
          tableName: TABLE,
          tableCreated: true, // by RateLimits1732400000004, in the service's schema (search_path)
          keyPrefix: budget,
          points,
          duration: WINDOW_SECONDS,
          insuranceLimiter: new RateLimiterMemory({ keyPrefix: budget, points, duration: WINDOW_SECONDS }),
        }),
    );
  }

  /** Per process: for a tool with no database (the court simulator) and unit tests. */
  static inMemory(config: RateLimitConfig): RequestLimits {
    return RequestLimits.build(
      config,
      (budget, points) => new RateLimiterMemory({ keyPrefix: budget, points, duration: WINDOW_SECONDS }),
    );
  }

  private static build(
    config: RateLimitConfig,
    limiter: (budget: Budget, points: number) => RateLimiterAbstract,
  ): RequestLimits {
    const budgets = Object.keys(config) as Budget[];
    return new RequestLimits(
      Object.fromEntries(budgets.map((budget) => [budget, limiter(budget, config[budget])])) as Record<
        Budget,
        RateLimiterAbstract
      >,
    );
  }

  /** Spends one request of `key`'s budget; answers how long to wait when it is used up. */
  async take(budget: Budget, key: string): Promise<LimitVerdict> {
    try {
      await this.limiters[budget].consume(key);
      return { allowed: true };
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
    }
  }
}

/**
 * The shared counters: UNLOGGED, as a count lost in a crash costs nothing and every request
 * writes one; the columns are the ones RateLimiterPostgres reads and writes.
 */
export class RateLimits1732400000004 implements MigrationInterface {
  name = 'RateLimits1732400000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE UNLOGGED TABLE ${TABLE} (
        key    varchar(255) PRIMARY KEY,
        points integer NOT NULL DEFAULT 0,
        expire bigint
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE ${TABLE}`);
  }
}
