/**
 * A state transition as data: the conditions a state must meet and the fields it then takes.
 * One description, two interpreters: `applyTransition` here (a decider's `evolve`, a unit test,
 * a state loaded and locked), and the persistence library's conditional UPDATE (the guard as its
 * WHERE, the fields as its SET), so a rule is written once, in the domain, and never restated in SQL.
 */
export type Condition<S> =
  /** The field holds one of these values (a status a transition may start from). */
  | { field: keyof S & string; oneOf: readonly unknown[] }
  /** The field is at or after `value` (a deadline not yet passed at `value`). */
  | { field: keyof S & string; atLeast: Date }
  /** The field is unset (a stamp set once). */
  | { field: keyof S & string; unset: true }
  /** The field is unset or after `value` (the earliest wins). */
  | { field: keyof S & string; unsetOrAfter: Date };

/** A field's new value, or `{ ifUnset }`: the value only when the field has none yet. */
export type Assignment<V> = V | { ifUnset: NonNullable<V> };

export interface Transition<S> {
  when: ReadonlyArray<Condition<S>>;
  set: { [K in keyof S]?: Assignment<S[K]> };
}

function isIfUnset(value: unknown): value is { ifUnset: unknown } {
  return typeof value === 'object' && value !== null && !(value instanceof Date) && 'ifUnset' in value;
}

function time(value: unknown): number | null {
  return value instanceof Date ? value.getTime() : null;
}

export function conditionHolds<S>(state: S, condition: Condition<S>): boolean {
  const value = state[condition.field as keyof S] as unknown;
  if ('oneOf' in condition) return condition.oneOf.includes(value);
  if ('unset' in condition) return value === null || value === undefined;
  const at = time(value);
  if ('atLeast' in condition) return at !== null && at >= condition.atLeast.getTime();
  return at === null || at > condition.unsetOrAfter.getTime();
}

/** Whether `state` meets every condition of the transition. */
export function transitionAllowed<S>(state: S, transition: Transition<S>): boolean {
  return transition.when.every((condition) => conditionHolds(state, condition));
}

/** `state` with the transition's fields; no check of its conditions (see transitionAllowed). */
export function applyTransition<S>(state: S, transition: Transition<S>): S {
  const next = { ...state };
  for (const [field, assignment] of Object.entries(transition.set)) {
    const key = field as keyof S;
    if (!isIfUnset(assignment)) next[key] = assignment as S[keyof S];
    else if (next[key] === null || next[key] === undefined) next[key] = assignment.ifUnset as S[keyof S];
  }
  return next;
}

/** The column a field is stored in, for each field a transition may read or write. */
export type ColumnsOf<S> = { [K in keyof S]?: string };

/** Whether `value` is an `{ ifUnset }` assignment (for interpreters of a transition). */
export const isAssignIfUnset = isIfUnset;

/**
 * `first` then `second` as ONE transition, when that is exact: `second`'s conditions read no
 * field `first` writes (so they hold after `first` exactly when they hold before it), and then
 * the fields are `first`'s overlaid with `second`'s, an `{ ifUnset }` of `second` giving way to
 * a plain value of `first`. Null when `second` reads what `first` writes: only applying them one
 * after the other can tell. For work that may write a row once (one statement): two commands on
 * one aggregate in a batch (an acknowledgement and an arrival) become one conditional UPDATE.
 */
export function thenTransition<S>(first: Transition<S>, second: Transition<S>): Transition<S> | null {
  const written = new Set(Object.keys(first.set));
  if (second.when.some((condition) => written.has(condition.field))) return null;
  const set: Transition<S>['set'] = { ...first.set };
  for (const [field, assignment] of Object.entries(second.set) as Array<[keyof S, Assignment<unknown>]>) {
    const earlier = set[field] as Assignment<unknown> | undefined;
    const fields = set as Record<keyof S, unknown>;
    if (!isIfUnset(assignment) || earlier === undefined) fields[field] = assignment;
    // The first cleared the field: the second's ifUnset fills it.
    else if (earlier === null) fields[field] = assignment.ifUnset;
    // Otherwise the first's value stands: a plain one, or an ifUnset that fills the field first.
  }
  return { when: [...first.when, ...second.when], set };
}
