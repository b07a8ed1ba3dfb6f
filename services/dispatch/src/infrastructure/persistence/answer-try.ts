import type { Transition } from '@chuishao/kernel';
import { transitionSql, type CteStatement } from '@chuishao/persistence';
import type { Summons } from '../../domain/whistle';
import { SUMMONS_TRANSITION_COLUMNS } from './whistle-rows';

/**
 * An answer's usual course as expressions of work tried as one statement (a consumed batch of
 * acknowledgements, TransactionHost.runAsOneStatement): the whistle's row locked, as every writer
 * of its summons does first, and the summons moved by `change` (its WHERE and SET generated from
 * the decider's transition), the whole statement refused, nothing of it written, unless the
 * summons is the whistle's and moved. An UPDATE that waited for a row's lock checks its WHERE
 * again on the row as committed, so an answer written by the lock's previous holder is seen.
 */
export function tryAnswerInto(
  statement: CteStatement,
  whistleId: string,
  change: { summonsId: string; transition: Transition<Summons> },
): void {
  const locked = statement.add(
    (param) => `SELECT id FROM whistles WHERE id = ${param(whistleId)} FOR UPDATE`,
  );
  const tried = statement.add((param) => {
    const { where, set } = transitionSql(
      change.transition,
      SUMMONS_TRANSITION_COLUMNS,
      { add: (value) => param(value) },
      {
        guarded: 's',
        target: 's',
      },
    );
    return `UPDATE whistle_summons s SET ${set} FROM ${locked}
      WHERE s.id = ${param(change.summonsId)} AND s.whistle_id = ${locked}.id AND ${where} RETURNING s.id`;
  });
  statement.refuseUnless(`EXISTS (SELECT 1 FROM ${tried})`);
}
