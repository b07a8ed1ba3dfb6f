import type { ContractEvent, SummonedDepartment } from '@chuishao/contracts';
import type {
  BreachFields,
  EscalationFields,
  Known,
  RowFill,
  SummonsFields,
  WhistleFields,
} from './read-model-changes';

/**
 * The board and scorecard rows an event fills in (whistles, summons, breaches, escalations), read
 * from its typed payload. Each row is keyed by its own id and says only what the event knows.
 */
const at = (iso: string) => new Date(iso);
const whistle = (key: string, fields: Known<WhistleFields>): RowFill => ({ table: 'whistles', key, fields });
const summons = (key: string, fields: Known<SummonsFields>): RowFill => ({ table: 'summons', key, fields });
const breach = (key: string, fields: Known<BreachFields>): RowFill => ({ table: 'breaches', key, fields });
const escalation = (key: string, fields: Known<EscalationFields>): RowFill => ({
  table: 'escalations',
  key,
  fields,
});

/** A department summoned, by the whistle, in place of one that declined, or added later, with its deadline. */
function summoned(caseId: string, whistleId: string, d: SummonedDepartment, from: string, deadline: string) {
  return summons(d.summonsId, {
    whistleId,
    caseId,
    departmentId: d.departmentId,
    departmentName: d.departmentName,
    summonedAt: at(from),
    deadline: at(deadline),
  });
}

export function boardRows(event: ContractEvent): RowFill[] {
  const caseId = event.caseId;
  switch (event.type) {
    case 'WhistleBlown': {
      const p = event.payload;
      return [
        whistle(p.whistleId, {
          caseId,
          caseNo: p.caseNo,
          centerId: p.centerId,
          blownAt: at(p.blownAt),
          arrivalDeadline: at(p.arrivalDeadline),
        }),
        ...p.summons.map((s) => summoned(caseId, p.whistleId, s, p.blownAt, p.arrivalDeadline)),
      ];
    }
    case 'DepartmentReassigned': {
      const p = event.payload;
      return [
        summons(p.fromSummonsId, {
          whistleId: p.whistleId,
          caseId,
          departmentId: p.fromDepartmentId,
          reassignedAt: at(p.reassignedAt),
        }),
        summoned(caseId, p.whistleId, p.to, p.reassignedAt, p.arrivalDeadline),
      ];
    }
    case 'SummonsAdded': {
      const p = event.payload;
      return [summoned(caseId, p.whistleId, p.summons, p.addedAt, p.arrivalDeadline)];
    }
    case 'SummonsStoodDown': {
      const p = event.payload;
      return [
        summons(p.summonsId, {
          whistleId: p.whistleId,
          caseId,
          departmentId: p.departmentId,
          stoodDownAt: at(p.stoodDownAt),
        }),
      ];
    }
    case 'WhistleCompleted':
      return [whistle(event.payload.whistleId, { caseId, completedAt: at(event.payload.completedAt) })];
    case 'EscalationRaised': {
      const p = event.payload;
      return [
        escalation(p.escalationId, {
          breachId: p.breachId,
          summonsId: p.summonsId,
          whistleId: p.whistleId,
          caseId,
          departmentId: p.departmentId,
          level: p.level,
          targetKind: p.target.kind,
          targetId: p.target.id,
          raisedAt: at(p.raisedAt),
        }),
      ];
    }
    case 'EscalationAcknowledged': {
      const p = event.payload;
      return [
        escalation(p.escalationId, {
          breachId: p.breachId,
          caseId,
          level: p.level,
          acknowledgedAt: at(p.acknowledgedAt),
          acknowledgedBy: `${event.actor.role}:${event.actor.id}`,
          note: p.note,
        }),
      ];
    }
    default:
      return [...summonsMoments(event), ...breachMoments(event)];
  }
}

type OfSummons = { summonsId: string; whistleId: string; departmentId: string };

/** A summons' answers and its SLA signals: one moment each. */
function summonsMoments(event: ContractEvent): RowFill[] {
  const moment = (p: OfSummons, fields: Known<SummonsFields>) => [
    summons(p.summonsId, {
      whistleId: p.whistleId,
      caseId: event.caseId,
      departmentId: p.departmentId,
      ...fields,
    }),
  ];
  switch (event.type) {
    case 'SummonsAcknowledged':
      return moment(event.payload, { acknowledgedAt: at(event.payload.acknowledgedAt) });
    case 'DepartmentArrived': {
      // Version 1 arrivals (upcast) carry no position.
      const where = 'location' in event.payload ? event.payload.location : null;
      return moment(event.payload, {
        arrivedAt: at(event.payload.arrivedAt),
        arrivalLatitude: where?.latitude,
        arrivalLongitude: where?.longitude,
        arrivalAccuracyMeters: where?.accuracyMeters,
      });
    }
    case 'SummonsDeclined':
      return moment(event.payload, { declinedAt: at(event.payload.declinedAt) });
    case 'DepartmentEnRouteReported':
      return moment(event.payload, {
        enRouteAt: at(event.payload.reportedAt),
        etaAt: at(event.payload.etaAt),
      });
    case 'DepartmentDepartureReported':
      return moment(event.payload, { leftAt: at(event.payload.leftAt) });
    case 'ArrivalWarningIssued':
      return moment(event.payload, { warnedAt: at(event.payload.issuedAt) });
    case 'ArrivalDeadlineBreached':
      return moment(event.payload, { breachedAt: at(event.payload.breachedAt) });
    case 'BreachRetracted':
      return moment(event.payload, { breachRetractedAt: at(event.payload.retractedAt) });
    default:
      return [];
  }
}

/** A breach: when it happened, was retracted, or ended in a late arrival. */
function breachMoments(event: ContractEvent): RowFill[] {
  const moment = (p: OfSummons & { breachId: string }, fields: Known<BreachFields>) => [
    breach(p.breachId, {
      summonsId: p.summonsId,
      whistleId: p.whistleId,
      caseId: event.caseId,
      departmentId: p.departmentId,
      ...fields,
    }),
  ];
  switch (event.type) {
    case 'ArrivalDeadlineBreached':
      return moment(event.payload, {
        deadline: at(event.payload.arrivalDeadline),
        breachedAt: at(event.payload.breachedAt),
      });
    case 'BreachRetracted':
      return moment(event.payload, { retractedAt: at(event.payload.retractedAt) });
    case 'LateArrivalRecorded':
      return moment(event.payload, {
        lateArrivalAt: at(event.payload.arrivedAt),
        latenessSeconds: event.payload.latenessSeconds,
      });
    default:
      return [];
  }
}
