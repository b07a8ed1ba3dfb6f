import type { EventEnvelope } from '@chuishao/contracts';
import { type Decider, type Transition } from '@chuishao/kernel';
import type { TransactionHost } from '@chuishao/persistence';
import type { ChangeStatement, OutboxWriter } from './outbox/outbox-writer';

/** Changes with their events collected into one statement (collectChangeWithEvents). */
const COLLECTED_CHANGES = Symbol('changes with their events');

/** Load with lock, and save: the only I/O of a command, small and typed per aggregate. */
export interface AggregateStore<S, E> {
  /**
   * Reads and locks the aggregate, trying `attempt` on it in the same statement. Answers the
   * state as it was before and whether the attempt was written; null when there is none.
   */
  lockAndTry(id: string, attempt: Transition<S> | null): Promise<{ state: S; transitioned: boolean } | null>;
  /** Writes what `events` changed between `before` and `after` (the aggregate's row and its satellites). */
  save(before: S, after: S, events: E[]): Promise<void>;
  /** Several aggregates' changes at once (one statement where the store can); `save` each otherwise. */
  saveAll?(changes: ReadonlyArray<Change<S, E>>): Promise<void>;
  /**
   * What `events` changed as ONE statement with a RETURNING clause, when it is one (else null):
   * the handler then writes it together with the outbox rows, one round trip instead of two.
   */
  saveStatement?(before: S, after: S, events: E[]): ChangeStatement | null;
}

export interface Change<S, E> {
  before: S;
  after: S;
  events: E[];
}

export interface Handling<C, S, E> {
  decider: Decider<C, S, E>;
  store: AggregateStore<S, E>;
  /** The integration events (outbox envelopes) the domain events stand for; none by default. */
  publish?: (events: E[], after: S, before: S) => EventEnvelope[];
}

export interface Handled<S, E> {
  /** The state before the command; null when the aggregate does not exist (nothing done). */
  before: S | null;
  after: S | null;
  events: E[];
}

/**
 * The one command handler: in the ambient transaction (joined, or opened), lock and load the
 * aggregate, decide, evolve, save, and append the published events to the outbox, so the change
 * and its events commit together. Its fast path writes the command's usual event with the
 * locking read itself (one statement), when the decider names one.
 */
export class CommandHandler {
  constructor(
    readonly transactions: TransactionHost,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * `command`, or how to make it from the locked state (reading what it needs to decide, a
   * lookup that depends on the aggregate): then there is no fast path.
   */
  handle<C, S, E>(
    id: string,
    command: C | ((state: S) => Promise<C>),
    handling: Handling<C, S, E>,
  ): Promise<Handled<S, E>> {
    return this.transactions.run(async () => {
      if (typeof command === 'function') {
        const loaded = await handling.store.lockAndTry(id, null);
        if (!loaded) return { before: null, after: null, events: [] };
        const made = await (command as (state: S) => Promise<C>)(loaded.state);
        return this.decideAndSave(loaded.state, made, handling);
      }
      const usual = handling.decider.usual?.(command) ?? null;
      const attempt = usual === null ? null : handling.decider.transition(usual);
      const loaded = await handling.store.lockAndTry(id, attempt);
      if (!loaded) return { before: null, after: null, events: [] };
      if (loaded.transitioned && usual !== null) {
        const after = handling.decider.evolve(loaded.state, usual);
        await this.append(handling, [usual], after, loaded.state);
        return { before: loaded.state, after, events: [usual] };
      }
      return this.decideAndSave(loaded.state, command, handling);
    });
  }

  /** decide → evolve → save → outbox for a state already loaded and locked in this transaction. */
  decideAndSave<C, S, E>(state: S, command: C, handling: Handling<C, S, E>): Promise<Handled<S, E>> {
    return this.transactions.run(async () => {
      const events = handling.decider.decide(command, state);
      if (events.length === 0) return { before: state, after: state, events };
      const after = events.reduce((s, e) => handling.decider.evolve(s, e), state);
      const envelopes = handling.publish?.(events, after, state) ?? [];
      const inOne = envelopes.length > 0 ? handling.store.saveStatement?.(state, after, events) : null;
      if (!inOne) {
        await handling.store.save(state, after, events);
        await this.appendToOutbox(envelopes);
      } else if ((await this.changeWithEvents(inOne, envelopes)).length === 0) {
        // The aggregate is locked in this transaction: a save that writes nothing is a bug.
        throw new Error('the save statement of a locked aggregate changed no row');
      }
      return { before: state, after, events };
    });
  }

  /**
   * decideAndSave for several aggregates under one command (a text that carried several
   * notifications, one outcome for all): each decided on its own, the changes saved together
   * (`saveAll`, when the store has it) and every published event in one append.
   */
  decideAndSaveAll<C, S, E>(
    states: readonly S[],
    command: C,
    handling: Handling<C, S, E>,
  ): Promise<Handled<S, E>[]> {
    return this.transactions.run(async () => {
      const handled = decideEach(states, command, handling.decider);
      const changes = handled.filter((h) => h.events.length > 0);
      if (changes.length === 0) return handled;
      if (handling.store.saveAll) await handling.store.saveAll(changes);
      else for (const c of changes) await handling.store.save(c.before, c.after, c.events);
      await this.appendToOutbox(
        changes.flatMap((c) => handling.publish?.(c.events, c.after, c.before) ?? []),
      );
      return handled;
    });
  }

  /**
   * decideAndSaveAll where the changes publish nothing and the store saves them all in ONE
   * statement: atomic on its own, so no transaction is opened for it (an ambient one is joined).
   * What a lease-holding delivery attempt settles with (services/department's delivery worker).
   */
  async decideAndSaveAllInOne<C, S, E>(
    states: readonly S[],
    command: C,
    handling: {
      decider: Decider<C, S, E>;
      store: { saveAll(changes: ReadonlyArray<Change<S, E>>): Promise<void> };
    },
  ): Promise<Handled<S, E>[]> {
    const handled = decideEach(states, command, handling.decider);
    const changes = handled.filter((h) => h.events.length > 0);
    if (changes.length > 0) await handling.store.saveAll(changes);
    return handled;
  }

  private async append<C, S, E>(handling: Handling<C, S, E>, events: E[], after: S, before: S) {
    await this.appendToOutbox(handling.publish?.(events, after, before) ?? []);
  }

  /**
   * A change and the events it causes in one statement (`OutboxWriter.appendWithChange`): atomic
   * on its own, so it needs no transaction, and in the ambient one when there is one. Answers the
   * rows the change returned; none: nothing was written, and no event appended.
   */
  changeWithEvents<Row>(change: ChangeStatement, envelopes: EventEnvelope[]): Promise<Row[]> {
    return this.outbox.appendWithChange<Row>(this.transactions.manager, change, envelopes);
  }

  /**
   * changeWithEvents for work tried as one statement (TransactionHost.runAsOneStatement), where
   * nothing is sent until the work is done: the change and its events join that statement (or,
   * in a transaction, one sent as it ends), and `read` is given the rows the change returned.
   */
  collectChangeWithEvents<Row>(
    change: ChangeStatement,
    envelopes: EventEnvelope[],
    read: (rows: Row[]) => void,
  ): Promise<void> {
    if (change.ctes) throw new Error('a change with common expressions of its own cannot be collected');
    const item = { change, events: this.outbox.prepare(envelopes), read };
    return this.transactions.collectIntoStatement(COLLECTED_CHANGES, item, (statement, items) => {
      for (const { change: c, events, read: readRows } of items) {
        const changed = statement.addCompiled({ sql: c.sql, parameters: c.params }, (rows) =>
          readRows(rows as Row[]),
        );
        this.outbox.appendInto(statement, changed, events);
      }
    });
  }

  /** Appends `envelopes` to the outbox in the ambient transaction (nothing when there are none). */
  async appendToOutbox(envelopes: EventEnvelope[]): Promise<void> {
    if (envelopes.length > 0) await this.outbox.append(this.transactions.manager, envelopes);
  }
}

/** Each state decided on its own under one command, and evolved by what it decided. */
function decideEach<C, S, E>(states: readonly S[], command: C, decider: Decider<C, S, E>) {
  return states.map((state) => {
    const events = decider.decide(command, state);
    const after = events.reduce((s, e) => decider.evolve(s, e), state);
    return { before: state, after, events };
  });
}
