import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';
import { CteStatement, isRefusedStatement } from './cte-statement';
import { refusingManager, NeedsTransaction, type OneStatementWork } from './one-statement-work';

interface AmbientTransaction {
  manager: EntityManager;
  beforeCommit: Array<() => Promise<void>>;
  afterCommit: Array<() => void>;
  /** What repositories keep for the life of this transaction (transactionLocal, collectBeforeCommit). */
  locals: Map<object | symbol, unknown>;
  /** How to send each key's collected items now (sendCollectedNow), before the commit would. */
  flushes: Map<object | symbol, () => Promise<void>>;
  oneStatement?: OneStatementWork;
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
      flushes: new Map(),
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
        notifyCommitted(ambient);
        return result;
      });
  }

  /**
   * Runs `work` with nothing sent until it ends, then sends what `first` writes and what the
   * work's collectors queued (collectIntoStatement) as ONE statement, outside any transaction:
   * one statement is atomic alone, so a consumer's batch whose handlers only collect commits in
   * one round trip instead of four (BEGIN, its inbox rows, the collected writes, COMMIT). Answers
   * null, having sent nothing, when the work asked for anything more (a statement of its own, a
   * hook before the commit, more items than one statement takes): the caller then runs it again
   * in a transaction, so it must have had no effect but through this host. Null as well, with
   * nothing written, when the statement refused itself (CteStatement.refuseUnless).
   */
  async runAsOneStatement<T>(
    first: (statement: CteStatement) => void,
    work: () => Promise<T>,
  ): Promise<{ result: T } | null> {
    if (this.storage.getStore()) throw new Error('work tried as one statement cannot join a transaction');
    const oneStatement: OneStatementWork = { builds: [], needsTransaction: false };
    const ambient: AmbientTransaction = {
      manager: refusingManager(oneStatement),
      beforeCommit: [],
      afterCommit: [],
      locals: new Map(),
      flushes: new Map(),
      oneStatement,
    };
    let result: T;
    try {
      result = await this.storage.run(ambient, work);
    } catch (error) {
      if (oneStatement.needsTransaction) return null;
      throw error;
    }
    const statement = new CteStatement();
    first(statement);
    if (oneStatement.needsTransaction || !oneStatement.builds.every((build) => build(statement))) return null;
    let rows: Array<{ part?: number; row?: Record<string, unknown> }>;
    try {
      rows = await this.dataSource.query(statement.sql, statement.parameters);
    } catch (error) {
      // A guess of the work's refused by the statement itself (CteStatement.refuseUnless).
      if (isRefusedStatement(error)) return null;
      throw error;
    }
    statement.deliver(rows);
    notifyCommitted(ambient);
    return { result };
  }

  /** Whether the work in progress is tried as one statement (runAsOneStatement): its writes only collect. */
  get triesOneStatement(): boolean {
    return this.storage.getStore()?.oneStatement !== undefined;
  }

  /**
   * Says that the work in progress needs a transaction (something only it can do, found out on the
   * way): tried as one statement, that attempt gives up here (it throws) and the caller runs the
   * work again in a transaction. Anywhere else it does nothing.
   */
  needsTransaction(what: string): void {
    refuseInOneStatement(this.storage.getStore(), what);
  }

  /**
   * Runs `callback` inside the ambient transaction, after its work and just before the commit
   * (at once outside any). For writes that take a contended lock (a per-department stream
   * sequence): taken last, the lock is held for a moment instead of the whole transaction.
   */
  async beforeCommit(callback: () => Promise<void>): Promise<void> {
    const current = this.storage.getStore();
    refuseInOneStatement(current, 'a hook before the commit');
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
    refuseInOneStatement(current, 'a flush of its own');
    const queued = current.locals.get(key) as T[] | undefined;
    if (queued) {
      queued.push(item);
      return;
    }
    const items = [item];
    current.locals.set(key, items);
    const flushNow = async () => {
      if (current.locals.get(key) === items) current.locals.delete(key);
      if (current.flushes.get(key) === flushNow) current.flushes.delete(key);
      const taken = items.splice(0);
      if (taken.length > 0) await flush(current.manager, taken);
    };
    current.flushes.set(key, flushNow);
    current.beforeCommit.push(flushNow);
  }

  /**
   * Sends what is queued under `key` now rather than just before the commit: for a write of the
   * same rows that must come after it in the transaction (a referral after a registration of one
   * batch). Items queued after it start a new queue. Work tried as one statement needs a
   * transaction for that.
   */
  async sendCollectedNow(key: object | symbol): Promise<void> {
    const current = this.storage.getStore();
    if (!current?.locals.has(key)) return;
    refuseInOneStatement(current, 'a collected write sent early');
    await current.flushes.get(key)?.();
  }

  /**
   * Like collectBeforeCommit, but the flush only writes into a statement (`build`, at most
   * `maxItems` items a statement; rows it reads come back through `CteStatement.add`'s reader):
   * sent just before the commit, or joining work tried as one statement (runAsOneStatement).
   * Outside any transaction, `[item]`'s statement is sent at once.
   */
  async collectIntoStatement<T>(
    key: object | symbol,
    item: T,
    build: (statement: CteStatement, items: T[]) => void,
    maxItems = Number.POSITIVE_INFINITY,
  ): Promise<void> {
    const send = async (manager: EntityManager, items: T[]) => {
      for (let i = 0; i < items.length; i += maxItems) {
        const statement = new CteStatement();
        build(statement, items.slice(i, i + maxItems));
        if (!statement.isEmpty) statement.deliver(await manager.query(statement.sql, statement.parameters));
      }
    };
    const current = this.storage.getStore();
    if (!current?.oneStatement) return this.collectBeforeCommit(key, item, send);
    const queued = current.locals.get(key) as T[] | undefined;
    if (queued) {
      queued.push(item);
      return;
    }
    const items = [item];
    current.locals.set(key, items);
    current.oneStatement.builds.push((statement) => {
      if (items.length > maxItems) return false;
      build(statement, items);
      return true;
    });
  }
}

function refuseInOneStatement(ambient: AmbientTransaction | undefined, what: string): void {
  if (!ambient?.oneStatement) return;
  ambient.oneStatement.needsTransaction = true;
  throw new NeedsTransaction(what);
}

function notifyCommitted(ambient: AmbientTransaction): void {
  for (const callback of ambient.afterCommit) {
    try {
      callback();
    } catch {
      // A notification after the commit must never turn a committed change into an error.
    }
  }
}
