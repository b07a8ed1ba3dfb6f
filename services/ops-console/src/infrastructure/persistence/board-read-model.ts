import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { SummonsFacts } from '../../domain/board';

type Row = Record<string, unknown>;

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/**
 * A case's place in the reader's reach: `within` null is the whole network; otherwise the case's
 * center path (from CaseRegistered) must hold that center. A case whose registration the console
 * has not seen has no path, so only the whole network's readers see it (reachesCase agrees).
 */
export const inScope = (param: string) => `(${param}::text IS NULL OR ${param} = ANY(c.center_path))`;

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

/** What the SLA board reads: open whistles with their summons, breaches, escalations, counts. */
@Injectable()
export class BoardReadModel {
  constructor(private readonly transactions: TransactionHost) {}

  private query(sql: string, parameters: unknown[] = []): Promise<Row[]> {
    return this.transactions.manager.query(sql, parameters);
  }

  /** Every summons of the whistles still open (not completed, case not closed), within a center. */
  async openWhistleSummons(within: string | null = null): Promise<BoardSummonsRow[]> {
    const rows = await this.query(
      `
      SELECT s.*, w.case_no, w.center_id, w.blown_at
      FROM summons s
      JOIN whistles w ON w.whistle_id = s.whistle_id
      LEFT JOIN case_files c ON c.case_id = w.case_id
      WHERE w.completed_at IS NULL AND w.blown_at IS NOT NULL AND s.deadline IS NOT NULL
        AND (c.closed_at IS NULL) AND ${inScope('$1')}
      ORDER BY w.blown_at, s.deadline, s.summons_id`,
      [within],
    );
    return rows.map(toBoardSummons);
  }

  async summonsOfCase(caseId: string): Promise<BoardSummonsRow[]> {
    const rows = await this.query(
      `SELECT s.*, w.case_no, w.center_id, w.blown_at
       FROM summons s LEFT JOIN whistles w ON w.whistle_id = s.whistle_id
       WHERE s.case_id = $1 AND s.deadline IS NOT NULL ORDER BY s.summoned_at, s.summons_id`,
      [caseId],
    );
    return rows.map(toBoardSummons);
  }

  async recentBreaches(limit: number, within: string | null = null): Promise<BreachRow[]> {
    const rows = await this.query(
      `SELECT b.*, w.case_no, s.department_name
       FROM breaches b
       LEFT JOIN whistles w ON w.whistle_id = b.whistle_id
       LEFT JOIN summons s ON s.summons_id = b.summons_id
       LEFT JOIN case_files c ON c.case_id = b.case_id
       WHERE ${inScope('$2')}
       ORDER BY b.breached_at DESC NULLS LAST, b.breach_id DESC LIMIT $1`,
      [limit, within],
    );
    return rows.map((r) => ({
      breachId: r.breach_id as string,
      summonsId: r.summons_id as string,
      whistleId: r.whistle_id as string,
      caseId: r.case_id as string,
      caseNo: (r.case_no as string | null) ?? null,
      departmentId: r.department_id as string,
      departmentName: (r.department_name as string | null) ?? null,
      deadline: date(r.deadline),
      breachedAt: date(r.breached_at),
      retractedAt: date(r.retracted_at),
      lateArrivalAt: date(r.late_arrival_at),
      latenessSeconds: (r.lateness_seconds as number | null) ?? null,
    }));
  }

  /** Escalations nobody has acknowledged yet whose breach is still open, oldest first. */
  async openEscalations(within: string | null = null): Promise<EscalationRow[]> {
    const rows = await this.query(
      `
      SELECT e.*, w.case_no, s.department_name,
             (b.retracted_at IS NOT NULL OR b.late_arrival_at IS NOT NULL) AS breach_closed
      FROM escalations e
      LEFT JOIN breaches b ON b.breach_id = e.breach_id
      LEFT JOIN whistles w ON w.whistle_id = e.whistle_id
      LEFT JOIN summons s ON s.summons_id = e.summons_id
      LEFT JOIN case_files c ON c.case_id = e.case_id
      WHERE e.acknowledged_at IS NULL
        AND b.retracted_at IS NULL AND b.late_arrival_at IS NULL AND ${inScope('$1')}
      ORDER BY e.raised_at NULLS LAST, e.escalation_id`,
      [within],
    );
    return rows.map(toEscalation);
  }

  async escalationsOfCase(caseId: string): Promise<EscalationRow[]> {
    const rows = await this.query(
      `SELECT e.*, w.case_no, s.department_name,
              COALESCE(b.retracted_at IS NOT NULL OR b.late_arrival_at IS NOT NULL, false) AS breach_closed
       FROM escalations e
       LEFT JOIN breaches b ON b.breach_id = e.breach_id
       LEFT JOIN whistles w ON w.whistle_id = e.whistle_id
       LEFT JOIN summons s ON s.summons_id = e.summons_id
       WHERE e.case_id = $1 ORDER BY e.raised_at NULLS LAST, e.escalation_id`,
      [caseId],
    );
    return rows.map(toEscalation);
  }

  async counts(within: string | null = null): Promise<Record<string, number>> {
    const [row] = await this.query(
      `SELECT (SELECT count(*)::int FROM case_files c WHERE ${inScope('$1')}) AS cases,
             (SELECT count(*)::int FROM whistles w LEFT JOIN case_files c ON c.case_id = w.case_id
                WHERE w.completed_at IS NULL AND w.blown_at IS NOT NULL AND ${inScope('$1')}) AS open_whistles,
             (SELECT count(*)::int FROM breaches b LEFT JOIN case_files c ON c.case_id = b.case_id
                WHERE b.retracted_at IS NULL AND b.late_arrival_at IS NULL AND ${inScope('$1')}) AS open_breaches,
             (SELECT count(*)::int FROM escalations e LEFT JOIN breaches b ON b.breach_id = e.breach_id
                LEFT JOIN case_files c ON c.case_id = e.case_id
                WHERE e.acknowledged_at IS NULL AND b.retracted_at IS NULL AND b.late_arrival_at IS NULL
                  AND ${inScope('$1')}) AS open_escalations`,
      [within],
    );
    return {
      cases: row!.cases as number,
      openWhistles: row!.open_whistles as number,
      openBreaches: row!.open_breaches as number,
      openEscalations: row!.open_escalations as number,
    };
  }
}

function toBoardSummons(r: Row): BoardSummonsRow {
  return {
    summonsId: r.summons_id as string,
    whistleId: r.whistle_id as string,
    caseId: r.case_id as string,
    caseNo: (r.case_no as string | null) ?? null,
    centerId: (r.center_id as string | null) ?? null,
    blownAt: date(r.blown_at),
    departmentId: r.department_id as string,
    departmentName: (r.department_name as string | null) ?? null,
    summonedAt: date(r.summoned_at),
    deadline: date(r.deadline)!,
    acknowledgedAt: date(r.acknowledged_at),
    arrivedAt: date(r.arrived_at),
    declinedAt: date(r.declined_at),
    reassignedAt: date(r.reassigned_at),
    warnedAt: date(r.warned_at),
    breachedAt: date(r.breached_at),
    breachRetractedAt: date(r.breach_retracted_at),
  };
}

function toEscalation(r: Row): EscalationRow {
  return {
    escalationId: r.escalation_id as string,
    breachId: r.breach_id as string,
    caseId: r.case_id as string,
    caseNo: (r.case_no as string | null) ?? null,
    departmentId: (r.department_id as string | null) ?? null,
    departmentName: (r.department_name as string | null) ?? null,
    level: r.level as number,
    targetKind: (r.target_kind as string | null) ?? null,
    targetId: (r.target_id as string | null) ?? null,
    raisedAt: date(r.raised_at),
    acknowledgedAt: date(r.acknowledged_at),
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    breachClosed: Boolean(r.breach_closed),
  };
}
