import { laterCaseStatus, type CaseStatus } from '@chuishao/contracts';

/** Case states are the contracts' vocabulary (SPEC "Case states"); intake reads them from events. */
export { CASE_STATUSES, type CaseStatus } from '@chuishao/contracts';

/** The status after an event that implies `next`; unchanged when the case is already further on. */
export function advanceStatus(current: CaseStatus, next: CaseStatus): CaseStatus {
  return laterCaseStatus(current, next);
}

/** The statuses a case moves away from when an event implies `next` (one rule for every reader). */
export { caseStatusesBefore as statusesBefore } from '@chuishao/contracts';

export function isClosed(status: CaseStatus): boolean {
  return status === 'closed';
}
