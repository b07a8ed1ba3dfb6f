import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '../../domain/case-status';
import type { SummonsFact } from '../../domain/scorecard';
import { projectionSql, type Projection, type TimelineEntry } from './projection-sql';

export type { FillIn, Projection, TimelineEntry } from './projection-sql';

type Row = Record<string, unknown>;

/**
 * At most this many events per statement: a consumer batch is 50 by default; this only keeps a
 * larger CONSUMER_BATCH_SIZE under PostgreSQL's 65,535 parameters.
 */
const EVENTS_PER_STATEMENT = 200;

/**
 * A case's place in the reader's reach: `within` null is the whole network; otherwise the case's
 * center path (from CaseRegistered) must hold that center. A case whose registration the console
 * has not seen has no path, so only the whole network's readers see it (reachesCase agrees).
 */
const inScope = (param: string) => `(${param}::text IS NULL OR ${param} = ANY(c.center_path))`;

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

export interface CaseFile {
  caseId: string;
  caseNo: string | null;
  centerId: string | null;
  centerName: string | null;
  /** District → town → village; null until CaseRegistered is projected. */
  centerPath: readonly string[] | null;
  disputeType: string | null;
  urgency: string | null;
  summary: string | null;
  status: CaseStatus | null;
  registeredAt: Date | null;
  lastEventAt: Date;
}

export interface BoardSummonsRow {
  summonsId: string;
  whistleId: string;
  caseId: string;
  caseNo: string | null;
  centerId: string | null;
  blownAt: Date | null;
  departmentId: string;
  departmentName: string | null;
  summonedAt: Date | null;
  deadline: Date;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  declinedAt: Date | null;
  reassignedAt: Date | null;
  warnedAt: Date | null;
  breachedAt: Date | null;
  breachRetractedAt: Date | null;
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

/** Projections waiting for the end of their transaction (TransactionHost.collectBeforeCommit). */
const PENDING_PROJECTIONS = Symbol('pending projections');

@Injectable()
export class ReadModelRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private query(sql: string, parameters: unknown[] = []): Promise<Row[]> {
    return this.transactions.manager.query(sql, parameters);
  }

  // ---- writes (inside the inbox transaction of the event) ----

  /**
   * Applies the event with every other event of the ambient transaction, in one statement just
   * before it commits (each statement is a round trip and a socket write, the console's main
   * cost under load; the consumer hands a batch of events to the handlers in one transaction):
   * timeline lines, what they say of their cases, the status moves and the board rows. A status
   * moves inside its case row's upsert, which holds the row lock, so an event of the same case
   * from another topic cannot race it. Outside a transaction, applies it at once.
   */
  async projectAtCommit(projection: Projection): Promise<void> {
    if (!this.transactions.inTransaction) return this.apply(this.transactions.manager, [projection]);
    await this.transactions.collectBeforeCommit(PENDING_PROJECTIONS, projection, (manager, projections) =>
      this.apply(manager, projections),
    );
  }

  private async apply(manager: EntityManager, projections: Projection[]): Promise<void> {
    for (let i = 0; i < projections.length; i += EVENTS_PER_STATEMENT) {
      const { sql, parameters } = projectionSql(projections.slice(i, i + EVENTS_PER_STATEMENT));
      await manager.query(sql, parameters);
    }
  }

  // ---- reads ----

  async timeline(caseId: string): Promise<TimelineEntry[]> {
    const rows = await this.query(
      `SELECT * FROM timeline_entries WHERE case_id = $1 ORDER BY occurred_at, event_id`,
      [caseId],
    );
    return rows.map((r) => ({
      eventId: r.event_id as string,
      caseId: r.case_id as string,
      type: r.type as string,
      version: r.version as number,
      occurredAt: date(r.occurred_at)!,
      actorRole: r.actor_role as string,
      actorId: r.actor_id as string,
      summary: r.summary as string,
      facts: (r.facts as TimelineEntry['facts'] | null) ?? {},
    }));
  }

  async caseFile(caseId: string): Promise<CaseFile | null> {
    const [row] = await this.query(`SELECT * FROM case_files WHERE case_id = $1`, [caseId]);
    return row ? toCaseFile(row) : null;
  }

  /** Latest activity first; `within`: only cases with that center on their path. */
  async recentCases(limit: number, within: string | null = null): Promise<CaseFile[]> {
    const rows = await this.query(
      `SELECT * FROM case_files WHERE ($2::text IS NULL OR $2 = ANY(center_path))
       ORDER BY last_event_at DESC LIMIT $1`,
      [limit, within],
    );
    return rows.map(toCaseFile);
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

  /** One fact per summons made in [from, to), grouped by department or by the case's center. */
  async scorecardFacts(
    groupBy: 'department' | 'center',
    from: Date,
    to: Date,
    within: string | null = null,
  ): Promise<SummonsFact[]> {
    const group =
      groupBy === 'department'
        ? `s.department_id AS group_id, COALESCE(s.department_name, s.department_id) AS group_name`
        : `w.center_id AS group_id, COALESCE(c.center_name, w.center_id) AS group_name`;
    const rows = await this.query(
      `SELECT ${group}, s.case_id, s.summoned_at, s.deadline, s.acknowledged_at, s.arrived_at,
              s.declined_at, w.blown_at, c.agreement_at, c.mediation_failed_at, c.confirmation
       FROM summons s
       JOIN whistles w ON w.whistle_id = s.whistle_id
       LEFT JOIN case_files c ON c.case_id = s.case_id
       WHERE s.summoned_at >= $1 AND s.summoned_at < $2 AND s.deadline IS NOT NULL
         AND w.center_id IS NOT NULL AND w.blown_at IS NOT NULL AND ${inScope('$3')}`,
      [from, to, within],
    );
    return rows.map((r) => ({
      groupId: r.group_id as string,
      groupName: r.group_name as string,
      caseId: r.case_id as string,
      summonedAt: date(r.summoned_at)!,
      deadline: date(r.deadline)!,
      acknowledgedAt: date(r.acknowledged_at),
      arrivedAt: date(r.arrived_at),
      declinedAt: date(r.declined_at),
      whistleBlownAt: date(r.blown_at)!,
      agreementAt: date(r.agreement_at),
      mediationFailedAt: date(r.mediation_failed_at),
      confirmation: (r.confirmation as 'granted' | 'rejected' | null) ?? null,
    }));
  }
}

function toCaseFile(r: Row): CaseFile {
  return {
    caseId: r.case_id as string,
    caseNo: (r.case_no as string | null) ?? null,
    centerId: (r.center_id as string | null) ?? null,
    centerName: (r.center_name as string | null) ?? null,
    centerPath: (r.center_path as string[] | null) ?? null,
    disputeType: (r.dispute_type as string | null) ?? null,
    urgency: (r.urgency as string | null) ?? null,
    summary: (r.summary as string | null) ?? null,
    status: (r.status as CaseStatus | null) ?? null,
    registeredAt: date(r.registered_at),
    lastEventAt: date(r.last_event_at)!,
  };
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
