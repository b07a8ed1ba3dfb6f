import { CASE_STATUSES, laterCaseStatus, type CaseStatus } from '@chuishao/contracts';

/** Case states are the contracts' vocabulary (SPEC "Case states"); intake reads them from events. */
export { CASE_STATUSES, type CaseStatus } from '@chuishao/contracts';

/** The status after an event that implies `next`; unchanged when the case is already further on. */
export function advanceStatus(current: CaseStatus, next: CaseStatus): CaseStatus {
  return laterCaseStatus(current, next);
}

/**
 * The statuses a case moves away from when an event implies `next`: the rule of `advanceStatus`
 * as a list, so one SQL statement can check and move the case at once.
 */
export function statusesBefore(next: CaseStatus): CaseStatus[] {
  return CASE_STATUSES.filter((s) => advanceStatus(s, next) !== s);
}

export function isClosed(status: CaseStatus): boolean {
  return status === 'closed';
}
