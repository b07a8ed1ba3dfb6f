import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionHost } from '@chuishao/persistence';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { RunningService } from './service-harness';

/**
 * Round trips per unit of work, counted on real PostgreSQL: the statements a piece of work sends
 * inside one transaction, as the inbox runs a handler (or a batch of them), BEGIN, COMMIT and
 * ROLLBACK aside (or, with `sent`, everything a piece of work sends on its own). Only the
 * statements of the work under count are seen (an async context), not those of the relays or
 * consumers running beside it in the same process.
 */
const TRANSACTION_CONTROL = /^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/;

export class StatementCounter {
  private readonly counting = new AsyncLocalStorage<string[]>();
  private readonly original = PostgresQueryRunner.prototype.query;

  /** Starts watching every query of the process; `uninstall` in afterAll. */
  install(): void {
    const { counting, original } = this;
    PostgresQueryRunner.prototype.query = function (
      this: PostgresQueryRunner,
      ...args: Parameters<PostgresQueryRunner['query']>
    ) {
      counting.getStore()?.push(String(args[0]));
      return original.apply(this, args);
    } as PostgresQueryRunner['query'];
  }

  uninstall(): void {
    PostgresQueryRunner.prototype.query = this.original;
  }

  /** The statements `work` sends in one transaction of `service`, in the order sent. */
  async statements(service: RunningService, work: () => Promise<unknown>): Promise<string[]> {
    const seen = await this.sent(() => service.app.get(TransactionHost).run(work));
    return seen.filter((sql) => !TRANSACTION_CONTROL.test(sql));
  }

  /**
   * Every statement `work` sends on its own, BEGIN, COMMIT and ROLLBACK included: for work that
   * should need no transaction (one statement is atomic alone).
   */
  async sent(work: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    await this.counting.run(seen, work);
    return seen;
  }
}
