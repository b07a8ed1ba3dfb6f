import type { Selectable } from 'kysely';
import type { SummonsFacts } from '../../domain/board';
import type { EscalationsTable, SummonsTable } from './schema';

/** The board's rows as the console's queries answer them, from the typed rows Kysely reads. */

/** A summons on the board: where it stands, and the facts its countdown is read from. */
export interface BoardSummonsRow extends SummonsFacts {
  summonsId: string;
  whistleId: string;
  caseId: string;
  caseNo: string | null;
  centerId: string | null;
  blownAt: Date | null;
  departmentId: string;
  departmentName: string | null;
  summonedAt: Date | null;
  enRouteAt: Date | null;
  etaAt: Date | null;
  leftAt: Date | null;
  place: { latitude: number; longitude: number } | null;
  arrivalLocation: { latitude: number; longitude: number; accuracyMeters: number } | null;
}

export interface BreachRow {
  breachId: string;
  summonsId: string;
  whistleId: string;
  caseId: string;
  caseNo: string | null;
  departmentId: string;
  departmentName: string | null;
  deadline: Date | null;
  breachedAt: Date | null;
  retractedAt: Date | null;
  lateArrivalAt: Date | null;
  latenessSeconds: number | null;
}

export interface EscalationRow {
  escalationId: string;
  breachId: string;
  caseId: string;
  caseNo: string | null;
  departmentId: string | null;
  departmentName: string | null;
  level: number;
  targetKind: string | null;
  targetId: string | null;
  raisedAt: Date | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  /** The breach was withdrawn or the department arrived late: nothing left to acknowledge. */
  breachClosed: boolean;
}

export interface BoardCounts {
  cases: number;
  openWhistles: number;
  openBreaches: number;
  openEscalations: number;
}

export type SummonsOnBoard = Selectable<SummonsTable> & {
  place_latitude: number | null;
  place_longitude: number | null;
  case_no: string | null;
  center_id: string | null;
  blown_at: Date | null;
  deadline: Date;
};

export function toBoardSummons(r: SummonsOnBoard): BoardSummonsRow {
  return {
    summonsId: r.summons_id,
    whistleId: r.whistle_id,
    caseId: r.case_id,
    caseNo: r.case_no,
    centerId: r.center_id,
    blownAt: r.blown_at,
    departmentId: r.department_id,
    departmentName: r.department_name,
    summonedAt: r.summoned_at,
    deadline: r.deadline,
    acknowledgedAt: r.acknowledged_at,
    arrivedAt: r.arrived_at,
    declinedAt: r.declined_at,
    reassignedAt: r.reassigned_at,
    stoodDownAt: r.stood_down_at,
    warnedAt: r.warned_at,
    breachedAt: r.breached_at,
    breachRetractedAt: r.breach_retracted_at,
    enRouteAt: r.en_route_at,
    etaAt: r.eta_at,
    leftAt: r.left_at,
    place:
      r.place_latitude !== null && r.place_longitude !== null
        ? { latitude: r.place_latitude, longitude: r.place_longitude }
        : null,
    arrivalLocation:
      r.arrival_latitude !== null && r.arrival_longitude !== null
        ? {
            latitude: r.arrival_latitude,
            longitude: r.arrival_longitude,
            accuracyMeters: r.arrival_accuracy_meters ?? 0,
          }
        : null,
  };
}

export type EscalationWithCase = Selectable<EscalationsTable> & {
  case_no: string | null;
  department_name: string | null;
  breach_closed: boolean;
};

export function toEscalation(r: EscalationWithCase): EscalationRow {
  return {
    escalationId: r.escalation_id,
    breachId: r.breach_id,
    caseId: r.case_id,
    caseNo: r.case_no,
    departmentId: r.department_id,
    departmentName: r.department_name,
    level: r.level,
    targetKind: r.target_kind,
    targetId: r.target_id,
    raisedAt: r.raised_at,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    breachClosed: r.breach_closed,
  };
}
