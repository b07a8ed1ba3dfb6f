/**
 * One line of a case's timeline per event, whatever its type: event types added later (by other
 * services) appear without a code change, with a generic summary built from their payload.
 */
type Payload = Record<string, unknown>;

const MAX_SUMMARY = 300;

function str(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

function departmentsOf(payload: Payload): string {
  const summons = Array.isArray(payload.summons) ? (payload.summons as Payload[]) : [];
  return summons.map((s) => str(s.departmentName) || str(s.departmentId)).join(', ');
}

/** Keys never shown in a generic summary: identifiers a reader cannot use, and personal data. */
const GENERIC_SKIPPED = /(^id$|Id$|Ids$|idNumber|phone|parties|participants|signature)/i;

/** `key: value` of the payload's scalar fields, the first few only. */
function genericSummary(payload: Payload): string {
  return Object.entries(payload)
    .filter(([key, value]) => !GENERIC_SKIPPED.test(key) && str(value) !== '')
    .slice(0, 4)
    .map(([key, value]) => `${key}: ${str(value)}`)
    .join('; ');
}

const SUMMARIES: Record<string, (p: Payload) => string> = {
  CaseRegistered: (p) =>
    `${str(p.caseNo)} registered at ${str((p.center as Payload | undefined)?.name)}: ${str(p.disputeType)}, ${str(p.urgency)}, ${str(p.headcount)} people — ${str(p.summary)}`,
  CaseClosed: (p) => `closed: ${str(p.reason)}`,
  WhistleBlown: (p) => `whistle blown; summoned ${departmentsOf(p)}; arrive by ${str(p.arrivalDeadline)}`,
  DepartmentReassigned: (p) =>
    `${str(p.fromDepartmentId)} replaced by ${str((p.to as Payload | undefined)?.departmentName)}: ${str(p.reason)}`,
  WhistleCompleted: (p) =>
    `every department on site (${Array.isArray(p.arrivals) ? p.arrivals.length : 0} arrivals)`,
  SummonsAcknowledged: (p) => `${str(p.departmentId)} acknowledged its summons`,
  DepartmentArrived: (p) => `${str(p.departmentId)} reported on site at ${str(p.arrivedAt)}`,
  SummonsDeclined: (p) => `${str(p.departmentId)} declined: ${str(p.reason)}`,
  ArrivalWarningIssued: (p) => `${str(p.departmentId)} not yet on site, ${str(p.secondsRemaining)} s left`,
  ArrivalDeadlineBreached: (p) =>
    `${str(p.departmentId)} missed its arrival deadline ${str(p.arrivalDeadline)}`,
  EscalationRaised: (p) =>
    `escalation level ${str(p.level)} for ${str(p.departmentId)} to ${str((p.target as Payload | undefined)?.kind)} ${str((p.target as Payload | undefined)?.id)}`,
  EscalationAcknowledged: (p) =>
    `escalation level ${str(p.level)} acknowledged${p.note ? `: ${str(p.note)}` : ''}`,
  BreachRetracted: (p) =>
    `breach of ${str(p.departmentId)} withdrawn: arrived in time at ${str(p.arrivedAt)}`,
  LateArrivalRecorded: (p) => `${str(p.departmentId)} arrived ${str(p.latenessSeconds)} s late`,
  MediationOpened: (p) => `mediation opened at level ${str(p.tierLevel)}`,
  MediationFailed: (p) => `mediation failed: ${str(p.reason)}; referred to ${str(p.referral)}`,
  AgreementReached: (p) =>
    `agreement signed${typeof p.amount === 'number' ? ` (amount ${p.amount})` : ''}: ${str(p.terms)}`,
};

export function summarizeEvent(type: string, payload: unknown): string {
  const p = (typeof payload === 'object' && payload !== null ? payload : {}) as Payload;
  const specific = SUMMARIES[type];
  const text = specific ? specific(p) : genericSummary(p);
  return text.length > MAX_SUMMARY ? `${text.slice(0, MAX_SUMMARY - 1)}…` : text;
}
