import type { ContractEvent } from '@chuishao/contracts';
import type { Known, RowFill } from './read-model-changes';

const at = (iso: string) => new Date(iso);

/** The board and scorecard rows an event fills in (whistles, summons, breaches, escalations). */
export function boardRows(event: ContractEvent): RowFill[] {
  const caseId = event.caseId;
  switch (event.type) {
    case 'WhistleBlown': {
      const p = event.payload;
      return [
        {
          table: 'whistles',
          key: p.whistleId,
          fields: {
            caseId,
            caseNo: p.caseNo,
            centerId: p.centerId,
            blownAt: at(p.blownAt),
            arrivalDeadline: at(p.arrivalDeadline),
          },
        },
        ...p.summons.map((s): RowFill => ({
          table: 'summons',
          key: s.summonsId,
          fields: {
            whistleId: p.whistleId,
            caseId,
            departmentId: s.departmentId,
            departmentName: s.departmentName,
            summonedAt: at(p.blownAt),
            deadline: at(p.arrivalDeadline),
          },
        })),
      ];
    }
    case 'DepartmentReassigned': {
      const p = event.payload;
      return [
        {
          table: 'summons',
          key: p.fromSummonsId,
          fields: {
            whistleId: p.whistleId,
            caseId,
            departmentId: p.fromDepartmentId,
            reassignedAt: at(p.reassignedAt),
          },
        },
        {
          table: 'summons',
          key: p.to.summonsId,
          fields: {
            whistleId: p.whistleId,
            caseId,
            departmentId: p.to.departmentId,
            departmentName: p.to.departmentName,
            summonedAt: at(p.reassignedAt),
            deadline: at(p.arrivalDeadline),
          },
        },
      ];
    }
    case 'WhistleCompleted':
      return [
        {
          table: 'whistles',
          key: event.payload.whistleId,
          fields: { caseId, completedAt: at(event.payload.completedAt) },
        },
      ];
    default:
      return [...summonsRows(event), ...breachRows(event), ...escalationRows(event)];
  }
}

/** A summons' answers and its SLA signals. */
function summonsRows(event: ContractEvent): RowFill[] {
  const summons = (
    p: { summonsId: string; whistleId: string; departmentId: string },
    moment: Known<{
      acknowledgedAt: Date;
      arrivedAt: Date;
      declinedAt: Date;
      warnedAt: Date;
      breachedAt: Date;
      breachRetractedAt: Date;
    }>,
  ): RowFill[] => [
    {
      table: 'summons',
      key: p.summonsId,
      fields: { whistleId: p.whistleId, caseId: event.caseId, departmentId: p.departmentId, ...moment },
    },
  ];
  switch (event.type) {
    case 'SummonsAcknowledged':
      return summons(event.payload, { acknowledgedAt: at(event.payload.acknowledgedAt) });
    case 'DepartmentArrived':
      return summons(event.payload, { arrivedAt: at(event.payload.arrivedAt) });
    case 'SummonsDeclined':
      return summons(event.payload, { declinedAt: at(event.payload.declinedAt) });
    case 'ArrivalWarningIssued':
      return summons(event.payload, { warnedAt: at(event.payload.issuedAt) });
    case 'ArrivalDeadlineBreached':
      return summons(event.payload, { breachedAt: at(event.payload.breachedAt) });
    case 'BreachRetracted':
      return summons(event.payload, { breachRetractedAt: at(event.payload.retractedAt) });
    default:
      return [];
  }
}

/** A breach: when it happened, was retracted, or ended in a late arrival. */
function breachRows(event: ContractEvent): RowFill[] {
  const breach = (
    p: { breachId: string; summonsId: string; whistleId: string; departmentId: string },
    moment: Known<{
      deadline: Date;
      breachedAt: Date;
      retractedAt: Date;
      lateArrivalAt: Date;
      latenessSeconds: number;
    }>,
  ): RowFill[] => [
    {
      table: 'breaches',
      key: p.breachId,
      fields: {
        summonsId: p.summonsId,
        whistleId: p.whistleId,
        caseId: event.caseId,
        departmentId: p.departmentId,
        ...moment,
      },
    },
  ];
  switch (event.type) {
    case 'ArrivalDeadlineBreached':
      return breach(event.payload, {
        deadline: at(event.payload.arrivalDeadline),
        breachedAt: at(event.payload.breachedAt),
      });
    case 'BreachRetracted':
      return breach(event.payload, { retractedAt: at(event.payload.retractedAt) });
    case 'LateArrivalRecorded':
      return breach(event.payload, {
        lateArrivalAt: at(event.payload.arrivedAt),
        latenessSeconds: event.payload.latenessSeconds,
      });
    default:
      return [];
  }
}

/** An escalation raised, and its acknowledgement (by whom, with the note). */
function escalationRows(event: ContractEvent): RowFill[] {
  const caseId = event.caseId;
  switch (event.type) {
    case 'EscalationRaised': {
      const p = event.payload;
      return [
        {
          table: 'escalations',
          key: p.escalationId,
          fields: {
            breachId: p.breachId,
            summonsId: p.summonsId,
            whistleId: p.whistleId,
            caseId,
            departmentId: p.departmentId,
            level: p.level,
            targetKind: p.target.kind,
            targetId: p.target.id,
            raisedAt: at(p.raisedAt),
          },
        },
      ];
    }
    case 'EscalationAcknowledged': {
      const p = event.payload;
      return [
        {
          table: 'escalations',
          key: p.escalationId,
          fields: {
            breachId: p.breachId,
            caseId,
            level: p.level,
            acknowledgedAt: at(p.acknowledgedAt),
            acknowledgedBy: `${event.actor.role}:${event.actor.id}`,
            note: p.note,
          },
        },
      ];
    }
    default:
      return [];
  }
}
