import { loadSettings, positiveWholeNumber, type Environment } from '@chuishao/kernel';
import { RateLimiterMemory, RateLimiterPostgres } from 'rate-limiter-flexible';
import type { DataSource, MigrationInterface, QueryRunner } from 'typeorm';
import { z } from 'zod';
import { CountedBudget, LeasedBudget, type LimitVerdict, type SpendableBudget } from './budget-leases';

export type { LimitVerdict } from './budget-leases';

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
 * replicas together never allow more than one would. While over half a caller's budget is left, a
 * replica takes a few points ahead and spends them without a statement (LeasedBudget); the last
 * half is counted request by request. Fixed one-minute windows. Should the database fail, each
 * instance falls back to counting in memory (the library's insurance limiter) rather than
 * refusing everyone or letting everyone through.
 */
export class RequestLimits {
  private constructor(private readonly budgets: Record<Budget, SpendableBudget>) {}

  static shared(dataSource: DataSource, config: RateLimitConfig): RequestLimits {
    return RequestLimits.build(
      config,
      (budget, points) =>
        new LeasedBudget(
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
          points,
        ),
    );
  }

  /** Per process: for a tool with no database (the court simulator) and unit tests. */
  static inMemory(config: RateLimitConfig): RequestLimits {
    return RequestLimits.build(
      config,
      (budget, points) =>
        new CountedBudget(new RateLimiterMemory({ keyPrefix: budget, points, duration: WINDOW_SECONDS })),
    );
  }

  private static build(
    config: RateLimitConfig,
    spendable: (budget: Budget, points: number) => SpendableBudget,
  ): RequestLimits {
    const budgets = Object.keys(config) as Budget[];
    return new RequestLimits(
      Object.fromEntries(budgets.map((budget) => [budget, spendable(budget, config[budget])])) as Record<
        Budget,
        SpendableBudget
      >,
    );
  }

  /** Spends one request of `key`'s budget; answers how long to wait when it is used up. */
  take(budget: Budget, key: string): Promise<LimitVerdict> {
    return this.budgets[budget].take(key);
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
