import {
  asContractEvent,
  caseEventFacts,
  caseStatusImpliedBy,
  caseStatusesMovedBy,
  summariseCaseEvent,
  type ContractEvent,
  type EventEnvelope,
} from '@chuishao/contracts';
import {
  applyChanges,
  foldChanges,
  type CaseFileFields,
  type EventChanges,
  type Known,
  type Placement,
  type ReadModelChanges,
} from './read-model-changes';
import { boardRows } from './board-rows';
import { followUpRows } from './follow-up-rows';

/**
 * The console's read models as a fold over the events: `evolve(view, event)` is `view` with what
 * `event` says applied after it. Any event adds its timeline line (its summary and facts are the
 * contracts' one reading, the same as intake's audit trail and the workstation's sentence) and
 * touches its case row; the types the board and scorecards need fill in their rows. Pure.
 */
export function evolve(view: ReadModelChanges, event: EventEnvelope): ReadModelChanges {
  return applyChanges(view, changesOf(event));
}

/** The changes of several events, in their order. */
export const fold = (events: readonly EventEnvelope[]): ReadModelChanges =>
  foldChanges(events.map(changesOf));

/** What one event changes, of any type (one this code does not know only adds its timeline line). */
export function changesOf(event: EventEnvelope): EventChanges {
  const implied = caseStatusImpliedBy(event.type);
  const known = asContractEvent(event);
  return {
    timeline: {
      eventId: event.id,
      caseId: event.caseId,
      type: event.type,
      version: event.version,
      occurredAt: new Date(event.occurredAt),
      actorRole: event.actor.role,
      actorId: event.actor.id,
      summary: summariseCaseEvent(event),
      facts: caseEventFacts(event.payload),
    },
    caseFields: known ? caseFields(known) : {},
    status: implied ? { to: implied, from: caseStatusesMovedBy(event.type) } : null,
    placement: known?.type === 'CaseReferred' ? placementOf(known) : null,
    rows: known ? [...boardRows(known), ...followUpRows(known)] : [],
  };
}

const at = (iso: string) => new Date(iso);

/** A referral's receiving center, as the case's place from its time on. */
function placementOf(event: Extract<ContractEvent, { type: 'CaseReferred' }>): Placement {
  const { to, referredAt } = event.payload;
  return { centerId: to.id, centerName: to.name, centerPath: to.path, at: at(referredAt) };
}

/** What an event says about its case beyond the timeline (case page, scorecard outcomes). */
function caseFields(event: ContractEvent): Known<CaseFileFields> {
  switch (event.type) {
    case 'CaseRegistered': {
      const p = event.payload;
      return {
        caseNo: p.caseNo,
        centerId: p.center.id,
        centerName: p.center.name,
        centerPath: p.center.path,
        disputeType: p.disputeType,
        urgency: p.urgency,
        summary: p.summary,
        headcount: p.headcount,
        placeLatitude: p.place?.location?.latitude,
        placeLongitude: p.place?.location?.longitude,
        registeredAt: at(p.registeredAt),
      };
    }
    case 'WhistleBlown':
      return { caseNo: event.payload.caseNo, centerId: event.payload.centerId };
    case 'CaseClosed':
      return { closedAt: at(event.payload.closedAt) };
    case 'AgreementReached':
      return { agreementAt: at(event.payload.effectiveAt) };
    case 'MediationFailed':
      return { mediationFailedAt: at(event.payload.failedAt) };
    case 'ConfirmationGranted':
      return { confirmation: 'granted' };
    case 'ConfirmationRejected':
      return { confirmation: 'rejected' };
    default:
      return {};
  }
}
