/**
 * A case's state as the console reads it from every topic (SPEC "Case states"). Events of one
 * case arrive on several topics, so their order is not guaranteed: the status only moves forward.
 */
export const CASE_STATUSES = [
  'registered',
  'whistled',
  'on_site',
  'mediating',
  'agreement_reached',
  'mediation_failed',
  'confirmation_pending',
  'confirmed',
  'rejected',
  'closed',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

const RANK: Record<CaseStatus, number> = {
  registered: 0,
  whistled: 1,
  on_site: 2,
  mediating: 3,
  agreement_reached: 4,
  mediation_failed: 4,
  confirmation_pending: 5,
  confirmed: 6,
  rejected: 6,
  closed: 7,
};

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
  return RANK[implied] > RANK[current] ? implied : current;
}
