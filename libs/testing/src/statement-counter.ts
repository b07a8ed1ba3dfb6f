import { SentStatements, TransactionHost } from '@chuishao/persistence';
import type { RunningService } from './service-harness';

const TRANSACTION_CONTROL = /^(START TRANSACTION|BEGIN|COMMIT|ROLLBACK)/;

/**
 * Round trips per unit of work in a running service, counted on real PostgreSQL: the statements
 * a piece of work sends inside one transaction, as the inbox runs a handler (or a batch of
 * them), BEGIN, COMMIT and ROLLBACK aside; or, with `sent`, everything it sends on its own.
 */
export class StatementCounter extends SentStatements {
  /** The statements `work` sends in one transaction of `service`, in the order sent. */
  async statements(service: RunningService, work: () => Promise<unknown>): Promise<string[]> {
    const seen = await this.sent(() => service.app.get(TransactionHost).run(work));
    return seen.filter((sql) => !TRANSACTION_CONTROL.test(sql));
  }
}
