import { AsyncLocalStorage } from 'node:async_hooks';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';

/**
 * The statements a piece of work sends through TypeORM, in order: the round trips of a unit of
 * work, as the tests that pin them count them on real PostgreSQL. Only the work under count is
 * seen (an async context), not the relays or consumers running beside it in the same process.
 * For tests (libs/testing's StatementCounter builds on it); it lives here so this library's own
 * tests can count too.
 */
export class SentStatements {
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

  /**
   * Every statement `work` sends on its own, BEGIN, COMMIT and ROLLBACK included, appended to
   * `seen` as they go (to look at while the work runs) and answered once it has ended.
   */
  async sent(work: () => Promise<unknown>, seen: string[] = []): Promise<string[]> {
    await this.counting.run(seen, work);
    return seen;
  }

  /** What `work` answers, and every statement it sent (as `sent`). */
  async answerAndSent<T>(work: () => Promise<T>): Promise<{ answer: T; sent: string[] }> {
    let answer!: T;
    const sent = await this.sent(async () => {
      answer = await work();
    });
    return { answer, sent };
  }
}
