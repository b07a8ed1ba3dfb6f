import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

/**
 * One ambient transaction per unit of work. An HTTP request with an Idempotency-Key, or a Kafka
 * message passing through the inbox, opens it; the use case underneath joins it with `run`, so
 * the business change, the outbox rows, the inbox row and the stored idempotent response commit
 * together or not at all.
 */
export class TransactionHost {
  private readonly storage = new AsyncLocalStorage<EntityManager>();

  constructor(readonly dataSource: DataSource) {}

  /** The manager of the transaction in progress, or the plain one outside any. */
  get manager(): EntityManager {
    return this.storage.getStore() ?? this.dataSource.manager;
  }

  get inTransaction(): boolean {
    return this.storage.getStore() !== undefined;
  }

  run<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const current = this.storage.getStore();
    if (current) return work(current);
    return this.dataSource.transaction((manager) => this.storage.run(manager, () => work(manager)));
  }
}
