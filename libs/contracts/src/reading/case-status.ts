/**
 * The states of a case (SPEC "Case states"), shared vocabulary of every service that reads a
 * case's progress from the events (intake, the console): registered → whistled → on_site →
 * mediating → agreement_reached | mediation_failed → confirmation_pending → confirmed | rejected
 * → closed → reopened (an unsatisfied follow-up, issue #19 item 2) → closed again. Events of one
 * case travel on several topics and may arrive late or twice, so a reader only ever moves a case
 * forward; the one step back is a reopened case closing again (CaseClosed and CaseReopened travel
 * on the one `cases` topic, keyed by the case, so they arrive in order).
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
  'reopened',
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
  reopened: 10,
};

/** The later of two statuses: `next` when it is further on, else `current` unchanged. */
export function laterCaseStatus(current: CaseStatus, next: CaseStatus): CaseStatus {
  if (current === 'reopened' && next === 'closed') return next;
  return RANK[next] > RANK[current] ? next : current;
}

/**
 * The statuses a case moves away from when it reaches `next`: the rule of `laterCaseStatus` as a
 * list, so one SQL statement can check a case's status and move it at once.
 */
export function caseStatusesBefore(next: CaseStatus): CaseStatus[] {
  return CASE_STATUSES.filter((s) => laterCaseStatus(s, next) !== s);
}

/**
 * Which event moves a case to which status (SPEC "Case states"), and the payload field that says
 * when: the one reading of the flow that intake (the case's own status) and the console (its
 * read model) both apply. An event type not listed says nothing about the case's status.
 */
const IMPLIED_BY: Readonly<Record<string, { status: CaseStatus; at: string }>> = {
  CaseRegistered: { status: 'registered', at: 'registeredAt' },
  WhistleBlown: { status: 'whistled', at: 'blownAt' },
  WhistleCompleted: { status: 'on_site', at: 'completedAt' },
  MediationOpened: { status: 'mediating', at: 'openedAt' },
  AgreementReached: { status: 'agreement_reached', at: 'effectiveAt' },
  MediationFailed: { status: 'mediation_failed', at: 'failedAt' },
  ConfirmationRequested: { status: 'confirmation_pending', at: 'requestedAt' },
  ConfirmationAccepted: { status: 'confirmation_pending', at: 'acceptedAt' },
  ConfirmationGranted: { status: 'confirmed', at: 'ruledAt' },
  ConfirmationRejected: { status: 'rejected', at: 'rejectedAt' },
  CaseClosed: { status: 'closed', at: 'closedAt' },
  CaseReopened: { status: 'reopened', at: 'reopenedAt' },
};

/** The status an event of this type implies, or null when it does not move the case. */
export function caseStatusImpliedBy(eventType: string): CaseStatus | null {
  return Object.hasOwn(IMPLIED_BY, eventType) ? IMPLIED_BY[eventType]!.status : null;
}

/** A case's move read from one event: the status it implies and when (the payload's own time). */
export interface CaseProgress {
  status: CaseStatus;
  at: Date;
}

/**
 * The move an event means for its case, or null for an event that does not move one. The time is
 * the one the payload states (blown at, ruled at…), the envelope's `occurredAt` when it has none.
 */
export function caseProgressOf(event: {
  type: string;
  occurredAt: string;
  payload: unknown;
}): CaseProgress | null {
  if (!Object.hasOwn(IMPLIED_BY, event.type)) return null;
  const { status, at } = IMPLIED_BY[event.type]!;
  const payload = (
    typeof event.payload === 'object' && event.payload !== null ? event.payload : {}
  ) as Record<string, unknown>;
  const stated = payload[at];
  return { status, at: new Date(typeof stated === 'string' ? stated : event.occurredAt) };
}

/** The later of `current` and what this event implies: a late, earlier event never moves a case back. */
export function caseStatusAfter(current: CaseStatus | null, eventType: string): CaseStatus | null {
  const implied = caseStatusImpliedBy(eventType);
  if (!implied) return current;
  return current ? laterCaseStatus(current, implied) : implied;
}

/**
 * The statuses an event of this type moves a case away from (to `caseStatusImpliedBy`): the rule
 * of `caseStatusAfter` as a list one SQL statement can apply; empty for an event that moves none.
 */
export function caseStatusesMovedBy(eventType: string): CaseStatus[] {
  const implied = caseStatusImpliedBy(eventType);
  return implied ? caseStatusesBefore(implied) : [];
}
