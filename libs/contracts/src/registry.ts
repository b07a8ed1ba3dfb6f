import type { EventDefinition } from './define-event';
import { envelopeSchema, type EventEnvelope } from './envelope';
import { CaseClosed } from './events/case-closed';
import { CasesLinked } from './events/cases-linked';
import { CaseReferred } from './events/case-referred';
import { CaseReopened } from './events/case-reopened';
import { EvidenceAttached } from './events/evidence-attached';
import { FollowUpRecorded } from './events/follow-up-recorded';
import { FollowUpScheduled } from './events/follow-up-scheduled';
import { CaseRegistered, CaseRegisteredV1 } from './events/case-registered';
import { DepartmentArrived, DepartmentArrivedV1 } from './events/department-arrived';
import { DepartmentReassigned } from './events/department-reassigned';
import { SummonsAdded } from './events/summons-added';
import { SummonsStoodDown } from './events/summons-stood-down';
import { SummonsAcknowledged } from './events/summons-acknowledged';
import { SummonsDeclined } from './events/summons-declined';
import { DepartmentEnRouteReported } from './events/department-en-route-reported';
import { DepartmentDepartureReported } from './events/department-departure-reported';
import { WhistleBlown } from './events/whistle-blown';
import { WhistleCompleted } from './events/whistle-completed';
import { ArrivalWarningIssued } from './events/arrival-warning-issued';
import { ArrivalDeadlineBreached } from './events/arrival-deadline-breached';
import { EscalationRaised, EscalationRaisedV1 } from './events/escalation-raised';
import { EscalationAcknowledged } from './events/escalation-acknowledged';
import { BreachRetracted } from './events/breach-retracted';
import { LateArrivalRecorded } from './events/late-arrival-recorded';
import { DeadlineScheduled } from './events/deadline-scheduled';
import { DeadlineCancelled } from './events/deadline-cancelled';
import { DeadlineReached } from './events/deadline-reached';
import { AgreementReached } from './events/agreement-reached';
import { MediationOpened } from './events/mediation-opened';
import { MediationSessionRecorded } from './events/mediation-session-recorded';
import { MediationLevelRaised } from './events/mediation-level-raised';
import { MediationFailed } from './events/mediation-failed';
import { AgreementPerformanceDeadlinePassed } from './events/agreement-performance-deadline-passed';
import { AgreementPerformanceRecorded } from './events/agreement-performance-recorded';
import { ConfirmationRequested } from './events/confirmation-requested';
import { ConfirmationAccepted } from './events/confirmation-accepted';
import { ConfirmationGranted } from './events/confirmation-granted';
import { ConfirmationRejected } from './events/confirmation-rejected';
import { ConfirmationWindowClosingNotified } from './events/confirmation-window-closing-notified';
import { ConfirmationDeadlineMissed } from './events/confirmation-deadline-missed';
import { HolidayScheduleLoaded } from './events/holiday-schedule-loaded';
import { CourtOutageEnded } from './events/court-outage-ended';
import { CourtOutageDetected } from './events/court-outage-detected';
import { DepartmentWebhookOutageDetected } from './events/department-webhook-outage-detected';
import { DepartmentWebhookOutageEnded } from './events/department-webhook-outage-ended';
import { KNOWN_UP_TO_ENV, knownAsOfRelease, parseKnownUpTo } from './release-emulation';

/** Every event type defined, at every version still accepted on consume. */
const DEFINED: readonly EventDefinition[] = [
  CaseRegisteredV1,
  CaseRegistered,
  CaseClosed,
  CasesLinked,
  CaseReferred,
  FollowUpScheduled,
  FollowUpRecorded,
  CaseReopened,
  EvidenceAttached,
  WhistleBlown,
  DepartmentReassigned,
  SummonsAdded,
  SummonsStoodDown,
  WhistleCompleted,
  SummonsAcknowledged,
  DepartmentArrivedV1,
  DepartmentArrived,
  SummonsDeclined,
  DepartmentEnRouteReported,
  DepartmentDepartureReported,
  ArrivalWarningIssued,
  ArrivalDeadlineBreached,
  EscalationRaisedV1,
  EscalationRaised,
  EscalationAcknowledged,
  BreachRetracted,
  LateArrivalRecorded,
  DeadlineScheduled,
  DeadlineCancelled,
  DeadlineReached,
  MediationOpened,
  MediationSessionRecorded,
  MediationLevelRaised,
  MediationFailed,
  AgreementReached,
  AgreementPerformanceRecorded,
  AgreementPerformanceDeadlinePassed,
  ConfirmationRequested,
  ConfirmationAccepted,
  ConfirmationGranted,
  ConfirmationRejected,
  ConfirmationWindowClosingNotified,
  ConfirmationDeadlineMissed,
  HolidayScheduleLoaded,
  DepartmentWebhookOutageDetected,
  DepartmentWebhookOutageEnded,
  CourtOutageDetected,
  CourtOutageEnded,
];

/**
 * Every event type this process knows, at every version still accepted on consume: all of them,
 * unless the fault suite emulates an older release (`CHUISHAO_CONTRACTS_KNOWN_UP_TO`,
 * release-emulation.ts), which knows some types only up to an older version.
 */
export const EVENT_DEFINITIONS: readonly EventDefinition[] = knownAsOfRelease(
  DEFINED,
  parseKnownUpTo(process.env[KNOWN_UP_TO_ENV], DEFINED),
);

/**
 * The definitions of events about a case (the envelope's `caseId` is a case): what the case
 * trail and the console's read models fold. The legal calendar's and the outside's health events
 * stand on streams of their own, read only by those that need them.
 */
export const CASE_EVENT_DEFINITIONS: readonly EventDefinition[] = EVENT_DEFINITIONS.filter(
  (d) => d.stream === undefined,
);

/** The definition of `type` at `version`, or at its newest version when none is given. */
export function findEventDefinition(type: string, version?: number): EventDefinition | undefined {
  if (version === undefined) return latestEventDefinition(type);
  return EVENT_DEFINITIONS.find((d) => d.type === type && d.version === version);
}

/** The newest version of `type` this code knows: the shape its handlers are given. */
export function latestEventDefinition(type: string): EventDefinition | undefined {
  let latest: EventDefinition | undefined;
  for (const d of EVENT_DEFINITIONS)
    if (d.type === type && (!latest || d.version > latest.version)) latest = d;
  return latest;
}

/**
 * The definition an event of `definition`'s type is written at by this process: itself, or in
 * an emulated older release that knows the type only up to an older version, that version (its
 * payload schema drops what the newer version added, as the older code never had it).
 */
export function definitionToBuild<D extends EventDefinition>(definition: D): D {
  const known = latestEventDefinition(definition.type);
  return known && known.version < definition.version ? (known as D) : definition;
}

export function isKnownEventType(type: string): boolean {
  return EVENT_DEFINITIONS.some((d) => d.type === type);
}

/** Why a message is not a valid event. Codes are stable: they travel in DLQ headers. */
export type ContractViolationCode =
  'MALFORMED_EVENT' | 'UNKNOWN_EVENT_TYPE' | 'UNKNOWN_EVENT_VERSION' | 'INVALID_PAYLOAD';

export class ContractViolation extends Error {
  constructor(
    readonly code: ContractViolationCode,
    message: string,
  ) {
    super(message);
    this.name = 'ContractViolation';
  }
}

function describeIssues(error: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');
}

/** Validates an incoming message (already JSON-parsed) against the envelope and its type's schema. */
export function parseEvent(raw: unknown): EventEnvelope {
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) {
    throw new ContractViolation(
      'MALFORMED_EVENT',
      `not an event envelope: ${describeIssues(envelope.error)}`,
    );
  }
  const { type, version } = envelope.data;
  if (!isKnownEventType(type)) {
    throw new ContractViolation('UNKNOWN_EVENT_TYPE', `unknown event type ${type}`);
  }
  const definition = findEventDefinition(type, version);
  if (!definition) {
    throw new ContractViolation('UNKNOWN_EVENT_VERSION', `unknown version ${version} of ${type}`);
  }
  const payload = definition.payload.safeParse(envelope.data.payload);
  if (!payload.success) {
    throw new ContractViolation('INVALID_PAYLOAD', `${type} v${version}: ${describeIssues(payload.error)}`);
  }
  return upcastToLatest({ ...envelope.data, payload: payload.data });
}

/**
 * Raises a valid event, version by version, to the newest shape this code knows, so a handler
 * written for version N never sees version N-1 (a producer not yet redeployed). Each step's
 * result is validated against its version's schema: an upcaster cannot hand a handler a shape
 * its contract does not promise.
 */
function upcastToLatest(event: EventEnvelope): EventEnvelope {
  let current = event;
  for (;;) {
    const next = findEventDefinition(current.type, current.version + 1);
    if (!next) return current;
    if (next.upcastFrom?.version !== current.version) {
      throw new Error(`${next.type} v${next.version} has no upcaster from v${current.version}`);
    }
    const upcast = next.upcastFrom.upcast as (payload: unknown) => unknown;
    current = { ...current, version: next.version, payload: next.payload.parse(upcast(current.payload)) };
  }
}

/** Publish-side check: an event this process is about to write must match its own contract. */
export function assertValidEvent(event: EventEnvelope): void {
  parseEvent(event);
}
