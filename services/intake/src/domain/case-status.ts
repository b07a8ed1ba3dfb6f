/**
 * Case states are the contracts' vocabulary (SPEC "Case states"), and so is which event moves a
 * case to which of them (`caseProgressOf`): intake and the console read the flow by one rule.
 */
export { CASE_STATUSES, type CaseStatus } from '@chuishao/contracts';

/** The statuses a case moves away from when an event implies `next` (one rule for every reader). */
export { caseStatusesBefore as statusesBefore } from '@chuishao/contracts';

export function isClosed(status: string): boolean {
  return status === 'closed';
}
