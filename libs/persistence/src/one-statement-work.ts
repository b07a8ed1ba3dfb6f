import type { EntityManager } from 'typeorm';
import type { CteStatement } from './cte-statement';

/** Work tried as one statement (runAsOneStatement): what its collectors queued, in order. */
export interface OneStatementWork {
  builds: Array<(statement: CteStatement) => boolean>;
  /** The work asked for a statement of its own, or for a transaction's hooks. */
  needsTransaction: boolean;
}

/** Thrown at work tried as one statement that needs more; the caller then runs it in a transaction. */
export class NeedsTransaction extends Error {
  constructor(what: string) {
    super(`${what} needs a transaction: the work cannot be one statement`);
  }
}

/** A manager that refuses every use, and says so (caught or not, the flag stays set). */
export function refusingManager(work: OneStatementWork): EntityManager {
  return new Proxy({} as EntityManager, {
    get(_target, property) {
      work.needsTransaction = true;
      throw new NeedsTransaction(`the manager's ${String(property)}`);
    },
  });
}
