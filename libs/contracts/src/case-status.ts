/**
 * The states of a case (SPEC "Case states"), shared vocabulary of every service that reads a
 * case's progress from the events (intake, the console): registered → whistled → on_site →
 * mediating → agreement_reached | mediation_failed → confirmation_pending → confirmed | rejected
 * → closed. Events of one case travel on several topics and may arrive late or twice, so a
 * reader only ever moves a case forward.
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

/** The later of two statuses: `next` when it is further on, else `current` unchanged. */
export function laterCaseStatus(current: CaseStatus, next: CaseStatus): CaseStatus {
  return RANK[next] > RANK[current] ? next : current;
}

/**
 * The statuses a case moves away from when it reaches `next`: the rule of `laterCaseStatus` as a
 * list, so one SQL statement can check a case's status and move it at once.
 */
export function caseStatusesBefore(next: CaseStatus): CaseStatus[] {
  return CASE_STATUSES.filter((s) => laterCaseStatus(s, next) !== s);
}
