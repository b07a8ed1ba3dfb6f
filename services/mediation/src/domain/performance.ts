import type { PerformanceOutcome, PerformanceRemedy } from '@chuishao/contracts';
import { ConflictError, conditionHolds } from '@chuishao/kernel';
import type { Mediation, PerformanceRecord } from './mediation';
import {
  UNTIL_PERFORMED,
  WHILE_AGREED,
  type MediationCommand,
  type MediationEvent,
} from './mediation.events';

/**
 * The agreement's performance (People's Mediation Law art. 31: an agreement binds the parties,
 * and the committee supervises its performance and urges them to perform). At the performance
 * deadline the mediator records what they found; a record that is not `performed` leaves the
 * parties the remedies the law gives, and a later check may follow. `performed` is final.
 */

/** Art. 33 (confirmation, then enforcement of the confirmed agreement) and art. 32 (suing on it). */
const REMEDIES_WHEN_UNPERFORMED: readonly PerformanceRemedy[] = [
  'judicial-confirmation-then-enforcement',
  'litigation',
];

export function remediesFor(outcome: PerformanceOutcome): PerformanceRemedy[] {
  return outcome === 'performed' ? [] : [...REMEDIES_WHEN_UNPERFORMED];
}

/** Whether the deadline has come at `now`; an agreement without one may be performed any time. */
function deadlineCame(mediation: Mediation, now: Date): boolean {
  return mediation.performanceDueAt === null || now.getTime() >= mediation.performanceDueAt.getTime();
}

/**
 * Whether a check is due: the agreement's deadline has passed and nothing final is recorded. An
 * agreement without a deadline is never flagged (there is no day to check on), though its
 * performance may still be recorded.
 */
export function performanceCheckDue(mediation: Mediation, now: Date): boolean {
  return (
    mediation.state === 'agreed' &&
    mediation.performanceDueAt !== null &&
    deadlineCame(mediation, now) &&
    mediation.performance !== 'performed'
  );
}

/**
 * Recorded only on an agreed mediation, until it is found performed. Before the deadline the
 * parties still have time, so the only thing to record is performance ahead of time (`performed`);
 * partly or not performed can be said only once the deadline has come.
 */
export function recordPerformance(
  command: Extract<MediationCommand, { type: 'RecordPerformance' }>,
  mediation: Mediation,
): PerformanceRecord {
  if (!conditionHolds(mediation, WHILE_AGREED) || !mediation.agreementId)
    throw new ConflictError(
      'MEDIATION_NOT_AGREED',
      `mediation ${mediation.id} is ${mediation.state}: only an agreement's performance is recorded`,
    );
  if (!conditionHolds(mediation, UNTIL_PERFORMED))
    throw new ConflictError(
      'AGREEMENT_PERFORMED',
      `the agreement of mediation ${mediation.id} was performed`,
    );
  if (command.outcome !== 'performed' && !deadlineCame(mediation, command.at))
    throw new ConflictError(
      'PERFORMANCE_NOT_DUE',
      `the agreement is to be performed by ${mediation.performanceDueAt!.toISOString()}; ` +
        'before then only its performance (performed) can be recorded',
    );
  return {
    id: command.performanceId,
    mediationId: mediation.id,
    agreementId: mediation.agreementId,
    outcome: command.outcome,
    note: command.note,
    remedies: remediesFor(command.outcome),
    recordedBy: command.recordedBy,
    recordedAt: command.at,
  };
}

/**
 * The agreement's deadline came (the timer mediation scheduled with the agreement): a check falls
 * due, said once, when the check is due by the rule above at that moment. Performed ahead of time,
 * or no deadline (no timer), or the timer early by the clock: nothing to say.
 */
export function reachPerformanceDeadline(
  command: Extract<MediationCommand, { type: 'ReachPerformanceDeadline' }>,
  mediation: Mediation,
): MediationEvent[] {
  if (!performanceCheckDue(mediation, command.at)) return [];
  return [{ type: 'PerformanceCheckFellDue', deadline: mediation.performanceDueAt!, at: command.at }];
}
