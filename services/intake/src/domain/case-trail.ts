import type {
  ArrivalWarningIssued,
  ArrivalDeadlineBreached,
  EscalationRaised,
  EscalationAcknowledged,
  BreachRetracted,
  LateArrivalRecorded,
  DeadlineScheduled,
  DeadlineCancelled,
  DeadlineReached,
  AgreementReached,
  AgreementPerformanceRecorded,
  MediationOpened,
  MediationSessionRecorded,
  MediationLevelRaised,
  MediationFailed,
  ConfirmationRequested,
  ConfirmationAccepted,
  ConfirmationGranted,
  ConfirmationRejected,
  ConfirmationWindowClosingNotified,
  ConfirmationDeadlineMissed,
  CaseClosed,
  CaseRegistered,
  DepartmentArrived,
  DepartmentReassigned,
  EventEnvelope,
  EventOf,
  SummonsAcknowledged,
  SummonsDeclined,
  WhistleBlown,
  WhistleCompleted,
} from '@chuishao/contracts';

/**
 * One line of a case's audit trail: an event of any service about the case, as intake read it
 * from its topic. The summary is short and carries no personal data (events carry none in full).
 */
export interface CaseTrailEntry {
  eventId: string;
  caseId: string;
  type: string;
  version: number;
  topic: string;
  occurredAt: Date;
  actor: { role: string; id: string };
  correlationId: string;
  causationId: string | null;
  summary: string;
}

export const SUMMARY_MAX_LENGTH = 300;

function clip(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

type Summarise<D> = (event: EventOf<D>) => string;

const SUMMARIES: {
  CaseRegistered: Summarise<typeof CaseRegistered>;
  CaseClosed: Summarise<typeof CaseClosed>;
  WhistleBlown: Summarise<typeof WhistleBlown>;
  DepartmentReassigned: Summarise<typeof DepartmentReassigned>;
  WhistleCompleted: Summarise<typeof WhistleCompleted>;
  SummonsAcknowledged: Summarise<typeof SummonsAcknowledged>;
  DepartmentArrived: Summarise<typeof DepartmentArrived>;
  SummonsDeclined: Summarise<typeof SummonsDeclined>;
  ArrivalWarningIssued: Summarise<typeof ArrivalWarningIssued>;
  ArrivalDeadlineBreached: Summarise<typeof ArrivalDeadlineBreached>;
  EscalationRaised: Summarise<typeof EscalationRaised>;
  EscalationAcknowledged: Summarise<typeof EscalationAcknowledged>;
  BreachRetracted: Summarise<typeof BreachRetracted>;
  LateArrivalRecorded: Summarise<typeof LateArrivalRecorded>;
  DeadlineScheduled: Summarise<typeof DeadlineScheduled>;
  DeadlineCancelled: Summarise<typeof DeadlineCancelled>;
  DeadlineReached: Summarise<typeof DeadlineReached>;
  AgreementReached: Summarise<typeof AgreementReached>;
  AgreementPerformanceRecorded: Summarise<typeof AgreementPerformanceRecorded>;
  MediationOpened: Summarise<typeof MediationOpened>;
  MediationSessionRecorded: Summarise<typeof MediationSessionRecorded>;
  MediationLevelRaised: Summarise<typeof MediationLevelRaised>;
  MediationFailed: Summarise<typeof MediationFailed>;
  ConfirmationRequested: Summarise<typeof ConfirmationRequested>;
  ConfirmationAccepted: Summarise<typeof ConfirmationAccepted>;
  ConfirmationGranted: Summarise<typeof ConfirmationGranted>;
  ConfirmationRejected: Summarise<typeof ConfirmationRejected>;
  ConfirmationWindowClosingNotified: Summarise<typeof ConfirmationWindowClosingNotified>;
  ConfirmationDeadlineMissed: Summarise<typeof ConfirmationDeadlineMissed>;
} = {
  CaseRegistered: ({ payload: p }) =>
    `case ${p.caseNo} registered at ${p.center.id} (${p.disputeType}, ${p.urgency}, ` +
    `${p.parties.length} ${p.parties.length === 1 ? 'party' : 'parties'}, headcount ${p.headcount})`,
  CaseClosed: ({ payload: p }) => `case closed: ${clip(p.reason)}`,
  WhistleBlown: ({ payload: p }) =>
    `whistle blown; summoned ${p.summons.map((s) => s.departmentId).join(', ')}; ` +
    `arrival by ${p.arrivalDeadline}`,
  DepartmentReassigned: ({ payload: p }) =>
    `${p.fromDepartmentId} replaced by ${p.to.departmentId}: ${clip(p.reason)}`,
  WhistleCompleted: ({ payload: p }) =>
    `whistle completed: ${p.arrivals.length} ${p.arrivals.length === 1 ? 'department' : 'departments'} on site`,
  SummonsAcknowledged: ({ payload: p }) => `${p.departmentId} acknowledged its summons`,
  DepartmentArrived: ({ payload: p }) =>
    `${p.departmentId} arrived on site${p.note ? `: ${clip(p.note)}` : ''}`,
  SummonsDeclined: ({ payload: p }) => `${p.departmentId} declined its summons: ${clip(p.reason)}`,
  ArrivalWarningIssued: ({ payload: p }) =>
    `${p.departmentId} not yet on site: ${Math.round(p.secondsRemaining / 60)} min left before ${p.arrivalDeadline}`,
  ArrivalDeadlineBreached: ({ payload: p }) =>
    `${p.departmentId} missed its arrival deadline ${p.arrivalDeadline}`,
  EscalationRaised: ({ payload: p }) =>
    `escalation level ${p.level} for ${p.departmentId}: ${p.target.kind === 'center' ? 'supervision by' : 'head of'} ${p.target.id}`,
  EscalationAcknowledged: ({ payload: p }) => `escalation level ${p.level} taken in charge by a supervisor`,
  BreachRetracted: ({ payload: p }) =>
    `breach withdrawn: ${p.departmentId} arrived at ${p.arrivedAt}, on time`,
  LateArrivalRecorded: ({ payload: p }) =>
    `${p.departmentId} arrived ${Math.round(p.latenessSeconds / 60)} min late (${p.latenessSeconds} s)`,
  DeadlineScheduled: ({ payload: p }) => `${p.owner} deadline ${p.kind} set for ${p.dueAt}`,
  DeadlineCancelled: ({ payload: p }) => `${p.owner} deadline withdrawn`,
  DeadlineReached: ({ payload: p }) => `${p.owner} deadline ${p.kind} reached (due ${p.dueAt})`,
  AgreementReached: ({ payload: p }) =>
    `agreement signed by ${p.parties.length} ${p.parties.length === 1 ? 'party' : 'parties'} and the mediator; ` +
    `in effect from ${p.effectiveAt}`,
  AgreementPerformanceRecorded: ({ payload: p }) =>
    `agreement ${p.outcome} (checked by ${p.recordedBy})` +
    (p.remedies.length ? `; remedies: ${p.remedies.join(', ')}` : ''),
  MediationOpened: ({ payload: p }) =>
    `mediation opened (${p.openedBy === 'whistle' ? 'after the whistle' : 'by hand'}) at ${p.tierLevel}, ` +
    `level due ${p.levelDueAt}${p.mediatorId ? `, mediator ${p.mediatorId}` : ''}`,
  MediationSessionRecorded: ({ payload: p }) =>
    `mediation session (${p.approachLevel}) by ${p.mediatorId} with ${p.participants.length} ` +
    `${p.participants.length === 1 ? 'participant' : 'participants'}`,
  MediationLevelRaised: ({ payload: p }) =>
    `mediation raised from ${p.fromLevel} to ${p.toLevel}: level deadline ${p.missedDueAt} missed`,
  MediationFailed: ({ payload: p }) => `mediation failed (referral: ${p.referral}): ${clip(p.reason)}`,
  ConfirmationRequested: ({ payload: p }) =>
    `judicial confirmation applied for at ${p.courtId} by ${p.consentingParties.length} ` +
    `${p.consentingParties.length === 1 ? 'party' : 'parties'}`,
  ConfirmationAccepted: ({ payload: p }) =>
    `court ${p.courtId} accepted the application as case ${p.courtCaseNumber}; ruling due ${p.rulingDueAt}`,
  ConfirmationGranted: ({ payload: p }) =>
    `court ${p.courtId} confirmed the agreement (case ${p.courtCaseNumber})`,
  ConfirmationRejected: ({ payload: p }) =>
    `court ${p.courtId} rejected the application at ${p.stage}: ${clip(p.reasons.join('; '))}`,
  ConfirmationWindowClosingNotified: ({ payload: p }) =>
    `confirmation window closes ${p.windowClosesAt} (${Math.round(p.secondsRemaining / 86400)} days left)`,
  ConfirmationDeadlineMissed: ({ payload: p }) => `confirmation ${p.deadline} deadline ${p.dueAt} missed`,
};

export type TrailedEventType = keyof typeof SUMMARIES;

/** The event types a case trail records: every type of libs/contracts. */
export const TRAILED_EVENT_TYPES = Object.keys(SUMMARIES) as TrailedEventType[];

/** A one-line, human summary of an event (at most SUMMARY_MAX_LENGTH characters). */
export function summariseEvent(event: EventEnvelope): string {
  const summarise = SUMMARIES[event.type as TrailedEventType] as ((e: EventEnvelope) => string) | undefined;
  const text = summarise ? summarise(event) : `${event.type} v${event.version}`;
  return clip(text, SUMMARY_MAX_LENGTH);
}

/** The trail entry of an event that arrived on `topic`. */
export function trailEntryOf(event: EventEnvelope, topic: string): CaseTrailEntry {
  return {
    eventId: event.id,
    caseId: event.caseId,
    type: event.type,
    version: event.version,
    topic,
    occurredAt: new Date(event.occurredAt),
    actor: { role: event.actor.role, id: event.actor.id },
    correlationId: event.correlationId,
    causationId: event.causationId,
    summary: summariseEvent(event),
  };
}
