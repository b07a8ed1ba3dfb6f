import { caseStatusesBefore, laterCaseStatus, type CaseStatus } from '@chuishao/contracts';

/**
 * A case's state as the console reads it from every topic (SPEC "Case states", the contracts'
 * vocabulary). Events of one case arrive on several topics, so their order is not guaranteed:
 * the status only moves forward.
 */
export type { CaseStatus } from '@chuishao/contracts';

/** The status an event of this type implies, or null when it does not move the case. */
export function statusImpliedBy(eventType: string): CaseStatus | null {
  switch (eventType) {
    case 'CaseRegistered':
      return 'registered';
    case 'WhistleBlown':
      return 'whistled';
    case 'WhistleCompleted':
      return 'on_site';
    case 'MediationOpened':
      return 'mediating';
    case 'AgreementReached':
      return 'agreement_reached';
    case 'MediationFailed':
      return 'mediation_failed';
    case 'ConfirmationRequested':
    case 'ConfirmationAccepted':
      return 'confirmation_pending';
    case 'ConfirmationGranted':
      return 'confirmed';
    case 'ConfirmationRejected':
      return 'rejected';
    case 'CaseClosed':
      return 'closed';
    default:
      return null;
  }
}

/** The later of the two statuses: a late-arriving earlier event never moves a case back. */
export function advanceStatus(current: CaseStatus | null, eventType: string): CaseStatus | null {
  const implied = statusImpliedBy(eventType);
  if (!implied) return current;
  if (!current) return implied;
  return laterCaseStatus(current, implied);
}

/**
 * The statuses an event of this type moves a case away from (to `statusImpliedBy`): the same
 * rule as `advanceStatus`, as a list a single SQL statement can apply. A case without a status
 * yet always moves.
 */
export function statusesMovedBy(eventType: string): CaseStatus[] {
  const implied = statusImpliedBy(eventType);
  return implied ? caseStatusesBefore(implied) : [];
}
