import { applyTransition, thenTransition, transitionAllowed, type Transition } from './transition';

interface Summons {
  state: 'running' | 'met' | 'breached';
  deadline: Date;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  note: string | null;
}

const T0 = new Date('2026-12-07T08:00:00Z');
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

const acknowledge = (when: Date): Transition<Summons> => ({
  when: [{ field: 'acknowledgedAt', unsetOrAfter: when }],
  set: { acknowledgedAt: when },
});
const arrive = (when: Date): Transition<Summons> => ({
  when: [
    { field: 'state', oneOf: ['running'] },
    { field: 'deadline', atLeast: when },
  ],
  set: { state: 'met', arrivedAt: when, acknowledgedAt: { ifUnset: when } },
});
const clearNote: Transition<Summons> = { when: [], set: { note: null } };
const noteIfUnset: Transition<Summons> = { when: [], set: { note: { ifUnset: 'filled' } } };
const noteFirst: Transition<Summons> = { when: [], set: { note: { ifUnset: 'first' } } };

/** One after the other, as two statements would: null when either's conditions fail. */
function sequentially(state: Summons, ...transitions: Transition<Summons>[]): Summons | null {
  let current = state;
  for (const t of transitions) {
    if (!transitionAllowed(current, t)) return null;
    current = applyTransition(current, t);
  }
  return current;
}

describe('one transition after another, as one', () => {
  const states: Summons[] = [];
  for (const state of ['running', 'met', 'breached'] as const)
    for (const acknowledgedAt of [null, at(1), at(20)])
      for (const note of [null, 'kept'])
        states.push({ state, deadline: at(30), acknowledgedAt, arrivedAt: null, note });

  const pairs: Array<[string, Transition<Summons>, Transition<Summons>]> = [
    ['an acknowledgement, then an on-time arrival', acknowledge(at(5)), arrive(at(10))],
    ['an acknowledgement, then a late arrival', acknowledge(at(5)), arrive(at(40))],
    ['a cleared field, then an ifUnset of it', clearNote, noteIfUnset],
    ['an ifUnset, then another', noteFirst, noteIfUnset],
  ];

  it.each(pairs)('%s: allowed and written exactly as the two one after the other', (_name, first, second) => {
    const composed = thenTransition(first, second)!;
    expect(composed).not.toBeNull();
    for (const state of states) {
      const expected = sequentially(state, first, second);
      const actual = transitionAllowed(state, composed) ? applyTransition(state, composed) : null;
      expect(actual).toEqual(expected);
    }
  });

  it('none when the second reads a field the first writes: only applying them in turn can tell', () => {
    // The arrival writes acknowledgedAt, which a later acknowledgement's condition reads.
    expect(thenTransition(arrive(at(10)), acknowledge(at(5)))).toBeNull();
  });
});
