import type { EventEnvelope } from '@chuishao/contracts';
import type { Decider } from '@chuishao/kernel';
import type { AggregateStore, CommandHandler, Handled } from './command-handler';
import type { Causation } from './event-factory';
import type { ChangeStatement } from './outbox/outbox-writer';

/** One aggregate's wiring of the CommandHandler: its decider and its store. */
export interface AggregateBinding<C, S, E> {
  decider: Decider<C, S, E>;
  /**
   * The store; or, for a store whose locking read tries the command's usual event itself, the
   * store for a command (null when the command is made from the locked state).
   */
  store: AggregateStore<S, E> | ((command: C | null) => AggregateStore<S, E>);
  /** Deciding on nothing (a creation): the decider's `decide` and `evolve` that take no state. */
  genesis?: { decide(command: C, state: null): E[]; evolve(state: S | null, event: E): S };
}

/**
 * A creation's insert: one statement (an INSERT with a RETURNING clause) that returns a row when it
 * inserted the new aggregate, and none when it refused it (a unique key, a guard on what it read).
 */
export type Insert<S> = (created: S) => ChangeStatement;

/**
 * The CommandHandler bound to one aggregate: a service's `*Commands` extends it with its decider
 * and store, and says only what its aggregate's events publish (`publish`), not the wiring of
 * decider, store and outbox.
 */
export abstract class AggregateCommands<C, S, E> {
  constructor(
    protected readonly handler: CommandHandler,
    private readonly binding: AggregateBinding<C, S, E>,
  ) {}

  /** The integration events (outbox envelopes) the domain events stand for. */
  protected abstract publish(events: E[], after: S, before: S, causation: Causation): EventEnvelope[];

  /**
   * `command`, or how to make it from the aggregate once locked (a check that needs it).
   * `before` null: there is no such aggregate, and nothing was done.
   */
  handle(id: string, command: C | ((state: S) => Promise<C>), causation: Causation): Promise<Handled<S, E>> {
    const made = typeof command === 'function' ? null : (command as C);
    return this.handler.handle(id, command, this.handling(made, causation));
  }

  /** For an aggregate already loaded and locked in this transaction (the state `handle` answered). */
  decideAndSave(state: S, command: C, causation: Causation): Promise<Handled<S, E>> {
    return this.handler.decideAndSave(state, command, this.handling(null, causation));
  }

  /**
   * An aggregate that is not yet: decided on nothing, then inserted with its events in ONE
   * statement (the insert's rows and the outbox's), atomic without BEGIN and COMMIT and in the
   * ambient transaction when there is one. Null when `insert` refused it: nothing was written.
   */
  protected async create(
    command: C,
    causation: Causation,
    insert: Insert<S>,
  ): Promise<{ created: S; events: E[] } | null> {
    const { created, events, envelopes } = this.decideCreation(command, causation);
    const inserted = await this.handler.changeWithEvents(insert(created), envelopes);
    return inserted.length > 0 ? { created, events } : null;
  }

  /**
   * `create` for work tried as one statement (a consumed batch, TransactionHost.runAsOneStatement):
   * the insert and its events join that statement, and `settled` hears, once it has run, the
   * aggregate created, or null when `insert` refused it.
   */
  protected collectCreate(
    command: C,
    causation: Causation,
    insert: Insert<S>,
    settled: (created: S | null) => void,
  ): Promise<void> {
    const { created, envelopes } = this.decideCreation(command, causation);
    return this.handler.collectChangeWithEvents(insert(created), envelopes, (rows) =>
      settled(rows.length > 0 ? created : null),
    );
  }

  private decideCreation(
    command: C,
    causation: Causation,
  ): { created: S; events: E[]; envelopes: EventEnvelope[] } {
    const { genesis } = this.binding;
    if (!genesis) throw new Error('this aggregate is not created by a command');
    const events = genesis.decide(command, null);
    const created = events.reduce<S | null>(genesis.evolve, null);
    if (created === null) throw new Error('a creation that decided nothing');
    return { created, events, envelopes: this.publish(events, created, created, causation) };
  }

  private handling(command: C | null, causation: Causation) {
    const { decider, store } = this.binding;
    return {
      decider,
      store: typeof store === 'function' ? store(command) : store,
      publish: (events: E[], after: S, before: S) => this.publish(events, after, before, causation),
    };
  }
}
