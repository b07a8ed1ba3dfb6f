import { AsyncLocalStorage } from 'node:async_hooks';
import { TransactionHost } from '@chuishao/persistence';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import type { RunningService } from './service-harness';

/**
 * Round trips per unit of work, counted on real PostgreSQL: the statements a piece of work sends
 * inside one transaction, as the inbox runs a handler (or a batch of them), BEGIN, COMMIT and
 * ROLLBACK aside. Only the statements of the work under count are seen (an async context), not
 * those of the relays or consumers running beside it in the same process.
 */
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
      const sql = String(args[0]);
      if (!/^(START TRANSACTION|COMMIT|ROLLBACK)/.test(sql)) counting.getStore()?.push(sql);
      return original.apply(this, args);
    } as PostgresQueryRunner['query'];
  }

  uninstall(): void {
    PostgresQueryRunner.prototype.query = this.original;
  }

  /** The statements `work` sends in one transaction of `service`, in the order sent. */
  async statements(service: RunningService, work: () => Promise<unknown>): Promise<string[]> {
    const seen: string[] = [];
    await this.counting.run(seen, () => service.app.get(TransactionHost).run(work));
    return seen;
  }
}
