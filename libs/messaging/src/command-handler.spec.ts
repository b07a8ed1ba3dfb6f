import type { EventEnvelope } from '@chuishao/contracts';
import { applyTransition, transitionAllowed, type Decider, type Transition } from '@chuishao/kernel';
import type { TransactionHost } from '@chuishao/persistence';
import { AggregateCommands, type AggregateBinding, type Insert } from './aggregate-commands';
import { CommandHandler, type AggregateStore } from './command-handler';
import type { ChangeStatement, OutboxWriter } from './outbox/outbox-writer';
import type { Causation } from './event-factory';

/** A counter that may be bumped while open, and closed once. */
interface Counter {
  open: boolean;
  count: number;
}
type Command = { type: 'Bump' } | { type: 'Close' };
type Event = { type: 'Bumped'; to: number } | { type: 'Closed' };

const decider: Decider<Command, Counter, Event> = {
  transition: (e): Transition<Counter> =>
    e.type === 'Bumped'
      ? { when: [{ field: 'open', oneOf: [true] }], set: { count: e.to } }
      : { when: [{ field: 'open', oneOf: [true] }], set: { open: false } },
  decide: (c, s) => {
    if (!s.open) return [];
    return c.type === 'Bump' ? [{ type: 'Bumped', to: s.count + 1 }] : [{ type: 'Closed' }];
  },
  evolve: (s, e) => applyTransition(s, decider.transition(e)),
  // The usual Close is known before the state is; a Bump depends on the count.
  usual: (c) => (c.type === 'Close' ? { type: 'Closed' } : null),
};

/** An in-memory store that tries the attempt the way the conditional UPDATE does. */
function memoryStore(initial: Counter | null) {
  const log: string[] = [];
  let row = initial;
  const store: AggregateStore<Counter, Event> = {
    async lockAndTry(_id, attempt) {
      log.push(attempt ? 'lock+try' : 'lock');
      if (!row) return null;
      const before = row;
      const transitioned = attempt !== null && transitionAllowed(row, attempt);
      if (transitioned && attempt) row = applyTransition(row, attempt);
      return { state: before, transitioned };
    },
    async save(_before, after, events) {
      log.push(`save ${events.map((e) => e.type).join(',')}`);
      row = after;
    },
  };
  return { store, log, row: () => row };
}

function handlerWith(appended: EventEnvelope[][]) {
  const transactions = {
    run: (work: () => Promise<unknown>) => work(),
    manager: {},
  } as unknown as TransactionHost;
  const outbox = {
    append: async (_m: unknown, events: EventEnvelope[]) => void appended.push(events),
    // The one statement's stand-in: a change written (its rows returned) appends its events; a
    // refused one returns no row and appends nothing.
    appendWithChange: async (_m: unknown, change: ChangeStatement, events: EventEnvelope[]) => {
      if (change.sql !== 'INSERT') return [];
      appended.push(events);
      return [{ inserted: change.params }];
    },
  };
  return new CommandHandler(transactions, outbox as unknown as OutboxWriter);
}
const envelope = (e: Event) => ({ id: e.type }) as unknown as EventEnvelope;

describe('CommandHandler (in memory: the orchestration only)', () => {
  it('slow path: lock, decide, evolve, save, append what is published', async () => {
    const appended: EventEnvelope[][] = [];
    const { store, log, row } = memoryStore({ open: true, count: 1 });
    const result = await handlerWith(appended).handle(
      'c',
      { type: 'Bump' },
      {
        decider,
        store,
        publish: (events) => events.map(envelope),
      },
    );
    expect(result.events).toEqual([{ type: 'Bumped', to: 2 }]);
    expect(result.after).toEqual({ open: true, count: 2 });
    expect(log).toEqual(['lock', 'save Bumped']);
    expect(row()).toEqual({ open: true, count: 2 });
    expect(appended).toEqual([[{ id: 'Bumped' }]]);
  });

  it('a save that is one statement goes with the outbox rows in one; none published: saved as usual', async () => {
    const appended: EventEnvelope[][] = [];
    const { store, log } = memoryStore({ open: true, count: 1 });
    const statements: string[] = [];
    const inOne = {
      ...store,
      saveStatement: (_before: Counter, after: Counter) => (
        statements.push(`UPDATE count=${after.count}`),
        { sql: 'INSERT', params: [after] }
      ),
    };
    const handler = handlerWith(appended);
    const published = { decider, store: inOne, publish: (events: Event[]) => events.map(envelope) };
    await handler.handle('c', { type: 'Bump' }, published);
    expect(statements).toEqual(['UPDATE count=2']);
    expect(appended).toEqual([[{ id: 'Bumped' }]]);
    expect(log).toEqual(['lock']); // not saved a second time
    await handler.handle('c', { type: 'Bump' }, { decider, store: inOne });
    expect(log).toEqual(['lock', 'lock', 'save Bumped']);
    const refused = {
      ...published,
      store: { ...inOne, saveStatement: () => ({ sql: 'NOTHING', params: [] }) },
    };
    await expect(handler.handle('c', { type: 'Bump' }, refused)).rejects.toThrow(/changed no row/);
  });

  it('several under one command: each decided, the changes saved at once, every event in one append', async () => {
    const appended: EventEnvelope[][] = [];
    const { store, log } = memoryStore(null);
    const saved: Counter[][] = [];
    const handled = await handlerWith(appended).decideAndSaveAll(
      [
        { open: true, count: 1 },
        { open: false, count: 7 },
        { open: true, count: 4 },
      ],
      { type: 'Bump' },
      {
        decider,
        store: { ...store, saveAll: async (changes) => void saved.push(changes.map((c) => c.after)) },
        publish: (events) => events.map(envelope),
      },
    );
    expect(handled.map((h) => h.events)).toEqual([
      [{ type: 'Bumped', to: 2 }],
      [],
      [{ type: 'Bumped', to: 5 }],
    ]);
    expect(saved).toEqual([
      [
        { open: true, count: 2 },
        { open: true, count: 5 },
      ],
    ]);
    expect(log).toEqual([]); // not saved one by one
    expect(appended).toEqual([[{ id: 'Bumped' }, { id: 'Bumped' }]]);
  });

  it('several under one command, with a store that saves one at a time: each saved, nothing for the unchanged', async () => {
    const appended: EventEnvelope[][] = [];
    const { store, log } = memoryStore(null);
    await handlerWith(appended).decideAndSaveAll(
      [
        { open: false, count: 1 },
        { open: true, count: 1 },
      ],
      { type: 'Close' },
      { decider, store },
    );
    expect(log).toEqual(['save Closed']);
    expect(appended).toEqual([]);
  });

  it('several in one statement: no transaction opened, only the changed saved, in one call', async () => {
    const opened: string[] = [];
    const transactions = {
      run: (work: () => Promise<unknown>) => {
        opened.push('transaction');
        return work();
      },
      manager: {},
    } as unknown as TransactionHost;
    const handler = new CommandHandler(transactions, {} as OutboxWriter);
    const saved: Array<Array<{ after: Counter; events: Event[] }>> = [];
    const handled = await handler.decideAndSaveAllInOne(
      [
        { open: true, count: 1 },
        { open: false, count: 5 },
      ],
      { type: 'Bump' },
      { decider, store: { saveAll: async (changes) => void saved.push([...changes]) } },
    );
    expect(opened).toEqual([]);
    expect(saved).toEqual([[expect.objectContaining({ after: { open: true, count: 2 } })]]);
    expect(handled.map((h) => h.events)).toEqual([[{ type: 'Bumped', to: 2 }], []]);
  });

  it('fast path: the usual event written by the locking statement, nothing saved after it', async () => {
    const appended: EventEnvelope[][] = [];
    const { store, log } = memoryStore({ open: true, count: 1 });
    const result = await handlerWith(appended).handle(
      'c',
      { type: 'Close' },
      {
        decider,
        store,
        publish: (events) => events.map(envelope),
      },
    );
    expect(result).toEqual({
      before: { open: true, count: 1 },
      after: { open: false, count: 1 },
      events: [{ type: 'Closed' }],
    });
    expect(log).toEqual(['lock+try']);
    expect(appended).toEqual([[{ id: 'Closed' }]]);
  });

  it('an attempt refused falls back to deciding; no event, nothing written', async () => {
    const appended: EventEnvelope[][] = [];
    const { store, log } = memoryStore({ open: false, count: 1 });
    const result = await handlerWith(appended).handle('c', { type: 'Close' }, { decider, store });
    expect(result.events).toEqual([]);
    expect(log).toEqual(['lock+try']);
    expect(appended).toEqual([]);
  });

  it('no aggregate: nothing decided; a command made from the locked state', async () => {
    const missing = memoryStore(null);
    expect(await handlerWith([]).handle('c', { type: 'Bump' }, { decider, store: missing.store })).toEqual({
      before: null,
      after: null,
      events: [],
    });
    const { store, log } = memoryStore({ open: true, count: 5 });
    const result = await handlerWith([]).handle(
      'c',
      async (s: Counter) => (s.count > 3 ? { type: 'Close' as const } : { type: 'Bump' as const }),
      { decider, store },
    );
    expect(result.events).toEqual([{ type: 'Closed' }]);
    expect(log).toEqual(['lock', 'save Closed']);
  });
});

/** A counter's commands: publishes each event with the causation it was given. */
class CounterCommands extends AggregateCommands<Command, Counter, Event> {
  constructor(handler: CommandHandler, binding: AggregateBinding<Command, Counter, Event>) {
    super(handler, binding);
  }

  protected publish(events: Event[], _after: Counter, _before: Counter, c: Causation): EventEnvelope[] {
    return events.map((e) => ({ id: e.type, causation: c }) as unknown as EventEnvelope);
  }

  bump(causation: Causation, insert: Insert<Counter>) {
    return this.create({ type: 'Bump' }, causation, insert);
  }
}

describe('AggregateCommands (one aggregate wired once)', () => {
  const causation = { correlationId: 'k' } as unknown as Causation;
  const genesis = {
    decide: (): Event[] => [{ type: 'Bumped', to: 0 }],
    evolve: (s: Counter | null, e: Event) => (s === null ? { open: true, count: 0 } : decider.evolve(s, e)),
  };

  it('handles with the causation given, and the store chosen for the command', async () => {
    const appended: EventEnvelope[][] = [];
    const { store } = memoryStore({ open: true, count: 1 });
    const asked: Array<Command | null> = [];
    const commands = new CounterCommands(handlerWith(appended), {
      decider,
      store: (command) => (asked.push(command), store),
    });
    const result = await commands.handle('c', { type: 'Bump' }, causation);
    await commands.handle('c', async () => ({ type: 'Bump' as const }), causation);
    await commands.decideAndSave(result.after!, { type: 'Close' }, causation);
    expect(asked).toEqual([{ type: 'Bump' }, null, null]);
    expect(appended).toEqual([
      [{ id: 'Bumped', causation }],
      [{ id: 'Bumped', causation }],
      [{ id: 'Closed', causation }],
    ]);
  });

  it('creates: decided on nothing, inserted, published; nothing published when the insert is refused', async () => {
    const appended: EventEnvelope[][] = [];
    const commands = new CounterCommands(handlerWith(appended), {
      decider,
      store: memoryStore(null).store,
      genesis,
    });
    const inserted: Counter[] = [];
    const insert = (s: Counter) => (inserted.push(s), { sql: 'INSERT', params: [s] });
    const created = await commands.bump(causation, insert);
    expect(created).toEqual({ created: { open: true, count: 0 }, events: [{ type: 'Bumped', to: 0 }] });
    expect(inserted).toEqual([{ open: true, count: 0 }]);
    expect(await commands.bump(causation, () => ({ sql: 'REFUSED', params: [] }))).toBeNull();
    expect(appended).toEqual([[{ id: 'Bumped', causation }]]);
  });

  it('refuses to create an aggregate bound without a genesis', async () => {
    const commands = new CounterCommands(handlerWith([]), { decider, store: memoryStore(null).store });
    await expect(commands.bump(causation, () => ({ sql: 'INSERT', params: [] }))).rejects.toThrow(
      /not created/,
    );
  });
});
