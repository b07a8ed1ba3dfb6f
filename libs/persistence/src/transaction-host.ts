import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

interface AmbientTransaction {
  manager: EntityManager;
  beforeCommit: Array<() => Promise<void>>;
  afterCommit: Array<() => void>;
}

/**
 * One ambient transaction per unit of work. An HTTP request with an Idempotency-Key, or a Kafka
 * message passing through the inbox, opens it; the use case underneath joins it with `run`, so
 * the business change, the outbox rows, the inbox row and the stored idempotent response commit
 * together or not at all.
 */
export class TransactionHost {
  private readonly storage = new AsyncLocalStorage<AmbientTransaction>();

  constructor(readonly dataSource: DataSource) {}

  /** The manager of the transaction in progress, or the plain one outside any. */
  get manager(): EntityManager {
    return this.storage.getStore()?.manager ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(current.manager);
    const ambient: AmbientTransaction = {
      manager: this.dataSource.manager,
      beforeCommit: [],
      afterCommit: [],
    };
    return this.dataSource
      .transaction((manager) => {
        ambient.manager = manager;
        return this.storage.run(ambient, async () => {
          const result = await work(manager);
          // Index loop: a callback may queue another.
          for (let i = 0; i < ambient.beforeCommit.length; i++) await ambient.beforeCommit[i]();
          return result;
        });
      })
      .then((result) => {
        for (const callback of ambient.afterCommit) {
          try {
            callback();
          } catch {
            // A notification after the commit must never turn a committed change into an error.
          }
        }
        return result;
      });
  }

  /**
   * Runs `callback` inside the ambient transaction, after its work and just before the commit
   * (at once outside any). For writes that take a contended lock (a per-department stream
   * sequence): taken last, the lock is held for a moment instead of the whole transaction.
   */
  async beforeCommit(callback: () => Promise<void>): Promise<void> {
    const current = this.storage.getStore();
    if (current) current.beforeCommit.push(callback);
    else await callback();
  }

  /**
   * Runs `callback` once the ambient transaction has committed (never if it rolls back), or at
   * once outside any. For wake-ups of workers that must see the committed rows (a timer armed, an
   * outbox row written): waking them before the commit finds nothing and waits for the next poll.
   */
  afterCommit(callback: () => void): void {
    const current = this.storage.getStore();
    if (current) current.afterCommit.push(callback);
    else callback();
  }
}
