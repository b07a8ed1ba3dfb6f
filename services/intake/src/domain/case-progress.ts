import { statusesBefore } from './case-status';
import type { CaseCommand } from './case.events';

export type RecordProgress = Extract<CaseCommand, { type: 'RecordProgress' }>;

/**
 * The one move that a batch of progress reports on one case makes: the furthest of them (of equal
 * ones, the first). Progress only goes forward (`statusesBefore` is a prefix of one order), so
 * the reports applied one after the other in any order leave the case where the furthest alone
 * leaves it: a batch's moves can be tried as one, in one statement (case-progress.spec.ts holds
 * this against the decider, report by report).
 */
export function furthestProgress(moves: readonly RecordProgress[]): RecordProgress {
  if (moves.length === 0) throw new Error('furthestProgress needs at least one move');
  return moves.reduce((furthest, move) =>
    statusesBefore(move.status).includes(furthest.status) ? move : furthest,
  );
}
