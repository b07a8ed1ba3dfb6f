import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

interface AmbientTransaction {
  manager: EntityManager;
  beforeCommit: Array<() => Promise<void>>;
  afterCommit: Array<() => void>;
  /** What repositories keep for the life of this transaction (transactionLocal, collectBeforeCommit). */
  locals: Map<object | symbol, unknown>;
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
      locals: new Map(),
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

  /**
   * State that lives as long as the ambient transaction, made by `init` the first time `key` is
   * asked for in it; undefined outside any transaction. For what a repository must remember
   * between statements of one transaction (the locks it already holds), which a consumer's batch
   * of events shares.
   */
  transactionLocal<T>(key: object | symbol, init: () => T): T | undefined {
    const current = this.storage.getStore();
    if (!current) return undefined;
    if (!current.locals.has(key)) current.locals.set(key, init());
    return current.locals.get(key) as T;
  }

  /**
   * Queues `item` under `key` in the ambient transaction; the first item queued registers `flush`,
   * which receives every item of the transaction, in order, once, just before the commit: one
   * statement for a whole batch of events instead of one each. Items queued while it runs start
   * a new queue, flushed after it. Outside any transaction, flushes `[item]` at once.
   */
  async collectBeforeCommit<T>(
    key: object | symbol,
    item: T,
    flush: (manager: EntityManager, items: T[]) => Promise<void>,
  ): Promise<void> {
    const current = this.storage.getStore();
    if (!current) return flush(this.dataSource.manager, [item]);
    const queued = current.locals.get(key) as T[] | undefined;
    if (queued) {
      queued.push(item);
      return;
    }
    const items = [item];
    current.locals.set(key, items);
    current.beforeCommit.push(async () => {
      current.locals.delete(key);
      await flush(current.manager, items);
    });
  }
}
