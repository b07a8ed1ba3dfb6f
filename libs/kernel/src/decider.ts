import type { Transition } from './transition';

/**
 * An aggregate as a pure decider: what a command causes, given the state (`decide`), and the
 * state each event leaves (`evolve`). No I/O: unit-tested given events, when a command, then
 * events, without a database. `transition` says what each event writes and from which states, as
 * data: `evolve` applies it in memory, and a command's fast path has it written by a conditional
 * UPDATE (the persistence library's lockAndTrySql), so no rule is restated in SQL.
 */
export interface Decider<C, S, E> {
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
  transition(event: E): Transition<S>;
  /**
   * The event a command usually causes, known before the state is (an acknowledgement, an
   * on-time arrival): tried by the store as a conditional UPDATE of its transition. `decide`
   * must answer exactly [that event] whenever its transition's conditions hold.
   */
  usual?(command: C): E | null;
}
