/**
 * Case states as intake reads them from every event (SPEC "Case states"). A case only moves
 * forward: an event that arrives late (or twice) can never drag it back.
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
  closed: 9,
};

/** The status after an event that implies `next`; unchanged when the case is already further on. */
export function advanceStatus(current: CaseStatus, next: CaseStatus): CaseStatus {
  return RANK[next] > RANK[current] ? next : current;
}

export function isClosed(status: CaseStatus): boolean {
  return status === 'closed';
}
