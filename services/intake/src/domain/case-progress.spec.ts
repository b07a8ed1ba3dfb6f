import { CASE_STATUSES, type CaseStatus } from './case-status';
import { furthestProgress } from './case-progress';
import { decide, evolve, type CaseState } from './case.decider';
import { at, given, progress, register } from './case.given';

/** Every status a case can be in when a batch's reports come (closed and the rulings included). */
function caseAt(status: CaseStatus): CaseState {
  return { ...given(register()).state, status };
}

/** The reports applied one after the other, each decided on the state the one before left. */
function oneByOne(state: CaseState, moves: ReturnType<typeof progress>[]): CaseState {
  return moves.reduce((s, move) => decide(move, s).reduce<CaseState>(evolve, s), state);
}

describe('a batch of progress reports on one case, as one move', () => {
  const reported: CaseStatus[] = [
    'whistled',
    'on_site',
    'mediating',
    'agreement_reached',
    'mediation_failed',
  ];

  it('given any status, when any two or three reports come in any order, then the furthest alone ends where all of them do', () => {
    const batches: ReturnType<typeof progress>[][] = [];
    for (const a of reported)
      for (const b of reported) {
        batches.push([progress(a, at(1)), progress(b, at(2))]);
        for (const c of reported) batches.push([progress(a, at(1)), progress(b, at(2)), progress(c, at(3))]);
      }
    let moved = 0;
    for (const status of CASE_STATUSES)
      for (const batch of batches) {
        const state = caseAt(status);
        const whole = oneByOne(state, batch);
        expect(oneByOne(state, [furthestProgress(batch)])).toEqual(whole);
        if (whole.status !== status) moved += 1;
      }
    // The comparison covers batches that move the case, not only ones that leave it be.
    expect(moved).toBeGreaterThan(200);
  });

  it('given two reports of equal rank (an agreement, then a failure), then the first is the move, as one by one', () => {
    const batch = [progress('agreement_reached', at(5)), progress('mediation_failed', at(6))];
    expect(furthestProgress(batch)).toBe(batch[0]);
    expect(oneByOne(caseAt('mediating'), batch).status).toBe('agreement_reached');
  });

  it('given no report, then there is no move to make', () => {
    expect(() => furthestProgress([])).toThrow('at least one move');
  });
});
