import { Injectable } from '@nestjs/common';
import {
  caseEventFacts,
  caseStatusImpliedBy,
  caseStatusesMovedBy,
  summariseCaseEvent,
  type EventEnvelope,
} from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';
import { ReadModelRepository, type FillIn } from '../../infrastructure/persistence/read-model.repository';
import { BoardFeed } from '../live-board/board-feed';

type Payload = Record<string, unknown>;
const at = (value: unknown): Date | undefined => (typeof value === 'string' ? new Date(value) : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Applies one event of any type to the read models, inside the event's inbox transaction: a
 * timeline line always (its summary and facts are the contracts' one reading of the event, the
 * same as intake's audit trail and the workstation's sentence); the board and scorecard rows for the types they need. Every write only
 * fills in, so the order events arrive in across topics does not matter. The writes of all the
 * events of a transaction go to the database together, as one statement, when it ends.
 */
@Injectable()
export class ProjectEvent {
  constructor(
    private readonly transactions: TransactionHost,
    private readonly readModels: ReadModelRepository,
    private readonly feed: BoardFeed,
  ) {}

  execute(event: EventEnvelope): Promise<void> {
    return this.transactions.run(async () => {
      const implied = caseStatusImpliedBy(event.type);
      await this.readModels.projectAtCommit({
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
        caseFields: caseFields(event.type, event.payload as Payload),
        status: implied ? { to: implied, from: caseStatusesMovedBy(event.type) } : null,
        fillIns: slaFillIns(event, event.payload as Payload),
      });
      // Watchers see the change once it is committed, never a state that could still roll back.
      this.transactions.afterCommit(() => this.feed.changed());
    });
  }
}

/** The board and scorecard rows an event fills in (whistles, summons, breaches, escalations). */
function slaFillIns(event: EventEnvelope, p: Payload): FillIn[] {
  const caseId = event.caseId;
  const rowOf =
    (table: FillIn['table']) =>
    (key: unknown, fields: FillIn['fields']): FillIn => ({ table, key: key as string, fields });
  const whistle = rowOf('whistles');
  const summons = rowOf('summons');
  const breach = rowOf('breaches');
  const escalation = rowOf('escalations');
  const summonsKey = {
    whistle_id: text(p.whistleId),
    case_id: caseId,
    department_id: text(p.departmentId),
  };
  switch (event.type) {
    case 'WhistleBlown':
      return [
        whistle(p.whistleId, {
          case_id: caseId,
          case_no: text(p.caseNo),
          center_id: text(p.centerId),
          blown_at: at(p.blownAt),
          arrival_deadline: at(p.arrivalDeadline),
        }),
        ...(p.summons as Payload[]).map((s) =>
          summons(s.summonsId, {
            whistle_id: text(p.whistleId),
            case_id: caseId,
            department_id: text(s.departmentId),
            department_name: text(s.departmentName),
            summoned_at: at(p.blownAt),
            deadline: at(p.arrivalDeadline),
          }),
        ),
      ];
    case 'DepartmentReassigned': {
      const to = p.to as Payload;
      return [
        summons(p.fromSummonsId, {
          whistle_id: text(p.whistleId),
          case_id: caseId,
          department_id: text(p.fromDepartmentId),
          reassigned_at: at(p.reassignedAt),
        }),
        summons(to.summonsId, {
          whistle_id: text(p.whistleId),
          case_id: caseId,
          department_id: text(to.departmentId),
          department_name: text(to.departmentName),
          summoned_at: at(p.reassignedAt),
          deadline: at(p.arrivalDeadline),
        }),
      ];
    }
    case 'WhistleCompleted':
      return [whistle(p.whistleId, { case_id: caseId, completed_at: at(p.completedAt) })];
    case 'SummonsAcknowledged':
      return [summons(p.summonsId, { ...summonsKey, acknowledged_at: at(p.acknowledgedAt) })];
    case 'DepartmentArrived':
      return [summons(p.summonsId, { ...summonsKey, arrived_at: at(p.arrivedAt) })];
    case 'SummonsDeclined':
      return [summons(p.summonsId, { ...summonsKey, declined_at: at(p.declinedAt) })];
    case 'ArrivalWarningIssued':
      return [summons(p.summonsId, { ...summonsKey, warned_at: at(p.issuedAt) })];
    case 'ArrivalDeadlineBreached':
      return [
        summons(p.summonsId, { ...summonsKey, breached_at: at(p.breachedAt) }),
        breach(p.breachId, {
          ...breachKey(p, caseId),
          deadline: at(p.arrivalDeadline),
          breached_at: at(p.breachedAt),
        }),
      ];
    case 'BreachRetracted':
      return [
        summons(p.summonsId, { ...summonsKey, breach_retracted_at: at(p.retractedAt) }),
        breach(p.breachId, { ...breachKey(p, caseId), retracted_at: at(p.retractedAt) }),
      ];
    case 'LateArrivalRecorded':
      return [
        breach(p.breachId, {
          ...breachKey(p, caseId),
          late_arrival_at: at(p.arrivedAt),
          lateness_seconds: typeof p.latenessSeconds === 'number' ? p.latenessSeconds : undefined,
        }),
      ];
    case 'EscalationRaised': {
      const target = p.target as Payload;
      return [
        escalation(p.escalationId, {
          breach_id: text(p.breachId),
          summons_id: text(p.summonsId),
          whistle_id: text(p.whistleId),
          case_id: caseId,
          department_id: text(p.departmentId),
          level: p.level as number,
          target_kind: text(target.kind),
          target_id: text(target.id),
          raised_at: at(p.raisedAt),
        }),
      ];
    }
    case 'EscalationAcknowledged':
      return [
        escalation(p.escalationId, {
          breach_id: text(p.breachId),
          case_id: caseId,
          level: p.level as number,
          acknowledged_at: at(p.acknowledgedAt),
          acknowledged_by: `${event.actor.role}:${event.actor.id}`,
          note: text(p.note),
        }),
      ];
    default:
      return [];
  }
}

function breachKey(p: Payload, caseId: string) {
  return {
    summons_id: text(p.summonsId),
    whistle_id: text(p.whistleId),
    case_id: caseId,
    department_id: text(p.departmentId),
  };
}

/** What an event says about its case beyond the timeline (case page, scorecard outcomes). */
function caseFields(type: string, p: Payload) {
  switch (type) {
    case 'CaseRegistered': {
      const center = p.center as Payload;
      return {
        case_no: text(p.caseNo),
        center_id: text(center.id),
        center_name: text(center.name),
        center_path: Array.isArray(center.path)
          ? center.path.filter((c) => typeof c === 'string')
          : undefined,
        dispute_type: text(p.disputeType),
        urgency: text(p.urgency),
        summary: text(p.summary),
        registered_at: at(p.registeredAt),
      };
    }
    case 'WhistleBlown':
      return { case_no: text(p.caseNo), center_id: text(p.centerId) };
    case 'CaseClosed':
      return { closed_at: at(p.closedAt) };
    case 'AgreementReached':
      return { agreement_at: at(p.effectiveAt) };
    case 'MediationFailed':
      return { mediation_failed_at: at(p.failedAt) };
    default:
      // Confirmation events come from judicial-confirmation; only the ruling matters here.
      if (type === 'ConfirmationGranted') return { confirmation: 'granted' };
      if (type === 'ConfirmationRejected') return { confirmation: 'rejected' };
      return {};
  }
}
