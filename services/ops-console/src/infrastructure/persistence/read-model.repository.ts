import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { CaseStatus } from '../../domain/case-status';
import type { SummonsFact } from '../../domain/scorecard';

type Row = Record<string, unknown>;
type Value = string | number | Date | null;

const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

/**
 * One statement that applies a whole event (see `project`). Each write is a data-modifying CTE;
 * PostgreSQL runs every one of them to completion whether or not the final SELECT reads it.
 */
class ProjectionSql {
  private readonly parts: string[] = [];
  readonly parameters: unknown[] = [];

  private param(value: unknown, cast = ''): string {
    this.parameters.push(value);
    return `$${this.parameters.length}${cast}`;
  }

  add(sql: (param: (value: unknown, cast?: string) => string) => string): void {
    this.parts.push(`w${this.parts.length} AS (${sql((v, c) => this.param(v, c))})`);
  }

  get sql(): string {
    return `WITH ${this.parts.join(',\n')}\nSELECT 1`;
  }
}

/**
 * `INSERT … ON CONFLICT DO UPDATE` that only fills in: a column keeps its first non-null value,
 * so events applied in any order (and an event applied twice) leave the same row. `extraUpdates`
 * are further SET clauses for columns with their own rule.
 */
function fillInSql(
  param: (value: unknown, cast?: string) => string,
  table: string,
  key: string,
  fields: Record<string, Value | undefined>,
  extraUpdates: Record<string, string> = {},
): string {
  const entries = Object.entries(fields).filter(([, v]) => v !== undefined) as Array<[string, Value]>;
  const columns = entries.map(([c]) => c);
  const placeholders = entries.map(([, v]) => param(v));
  const updates = columns
    .filter((c) => c !== key && !(c in extraUpdates))
    .map((c) => `${c} = COALESCE(${table}.${c}, EXCLUDED.${c})`)
    .concat(Object.entries(extraUpdates).map(([c, expression]) => `${c} = ${expression}`));
  return (
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders.join(', ')}) ` +
    (updates.length > 0
      ? `ON CONFLICT (${key}) DO UPDATE SET ${updates.join(', ')}`
      : `ON CONFLICT DO NOTHING`)
  );
}

/** A row of a board or scorecard table that an event fills in, by its key. */
export interface FillIn {
  table: 'whistles' | 'summons' | 'breaches' | 'escalations';
  key: string;
  fields: Record<string, Value | undefined>;
}

const KEYS: Record<FillIn['table'], string> = {
  whistles: 'whistle_id',
  summons: 'summons_id',
  breaches: 'breach_id',
  escalations: 'escalation_id',
};

/**
 * Fill-ins of the same row merged, earlier ones first, as applying them one after another would
 * leave it: a single statement may not touch a row twice.
 */
function mergeFillIns(fillIns: FillIn[]): FillIn[] {
  const merged = new Map<string, FillIn>();
  for (const fillIn of fillIns) {
    const id = `${fillIn.table}:${fillIn.key}`;
    const earlier = merged.get(id);
    if (!earlier) {
      merged.set(id, { ...fillIn, fields: { ...fillIn.fields } });
      continue;
    }
    for (const [column, value] of Object.entries(fillIn.fields)) {
      const first = earlier.fields[column];
      if (first === undefined || (first === null && value !== undefined)) earlier.fields[column] = value;
    }
  }
  return [...merged.values()];
}

/** Everything one event changes in the read models, written by `project` in one statement. */
export interface Projection {
  timeline: TimelineEntry;
  caseFields: Record<string, Value | undefined>;
  /** The status the event moves its case to, and the statuses it moves it from (null: none). */
  status: { to: CaseStatus; from: readonly CaseStatus[] } | null;
  fillIns: FillIn[];
}

export interface TimelineEntry {
  eventId: string;
  caseId: string;
  type: string;
  version: number;
  occurredAt: Date;
  actorRole: string;
  actorId: string;
  summary: string;
}

export interface CaseFile {
  caseId: string;
  caseNo: string | null;
  centerId: string | null;
  centerName: string | null;
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

@Injectable()
export class ReadModelRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private query(sql: string, parameters: unknown[] = []): Promise<Row[]> {
    return this.transactions.manager.query(sql, parameters);
  }

  // ---- writes (inside the inbox transaction of the event) ----

  /**
   * Applies an event in one statement (each statement is a round trip and a socket write, the
   * console's main cost under load): its timeline line, what it says of its case, the status move
   * and the board rows. The status moves inside the case row's upsert, which holds the row lock,
   * so an event of the same case from another topic cannot race it. The case row comes before the
   * board rows in every such statement, so concurrent events take their row locks in one order.
   */
  async project(projection: Projection): Promise<void> {
    const { timeline: entry, status } = projection;
    const statement = new ProjectionSql();
    statement.add(
      (param) =>
        `INSERT INTO timeline_entries (event_id, case_id, type, version, occurred_at, actor_role, actor_id, summary)
         VALUES (${[
           entry.eventId,
           entry.caseId,
           entry.type,
           entry.version,
           entry.occurredAt,
           entry.actorRole,
           entry.actorId,
           entry.summary,
         ]
           .map((v) => param(v))
           .join(', ')}) ON CONFLICT (event_id) DO NOTHING`,
    );
    statement.add((param) => {
      const extra: Record<string, string> = {
        last_event_at: 'GREATEST(case_files.last_event_at, EXCLUDED.last_event_at)',
      };
      // A status the case is already past (or level with) stays: a late event never moves it back.
      if (status)
        extra.status =
          `CASE WHEN case_files.status IS NULL OR case_files.status = ANY(${param([...status.from], '::text[]')}) ` +
          `THEN EXCLUDED.status ELSE case_files.status END`;
      return fillInSql(
        param,
        'case_files',
        'case_id',
        {
          case_id: entry.caseId,
          last_event_at: entry.occurredAt,
          ...projection.caseFields,
          status: status?.to,
        },
        extra,
      );
    });
    for (const fillIn of mergeFillIns(projection.fillIns))
      statement.add((param) =>
        fillInSql(param, fillIn.table, KEYS[fillIn.table], { [KEYS[fillIn.table]]: fillIn.key, ...fillIn.fields }),
      );
    await this.query(statement.sql, statement.parameters);
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
    }));
  }

  async caseFile(caseId: string): Promise<CaseFile | null> {
    const [row] = await this.query(`SELECT * FROM case_files WHERE case_id = $1`, [caseId]);
    return row ? toCaseFile(row) : null;
  }

  async recentCases(limit: number): Promise<CaseFile[]> {
    const rows = await this.query(`SELECT * FROM case_files ORDER BY last_event_at DESC LIMIT $1`, [limit]);
    return rows.map(toCaseFile);
  }

  /** Every summons of the whistles still open (not completed, case not closed). */
  async openWhistleSummons(): Promise<BoardSummonsRow[]> {
    const rows = await this.query(`
      SELECT s.*, w.case_no, w.center_id, w.blown_at
      FROM summons s
      JOIN whistles w ON w.whistle_id = s.whistle_id
      LEFT JOIN case_files c ON c.case_id = w.case_id
      WHERE w.completed_at IS NULL AND w.blown_at IS NOT NULL AND s.deadline IS NOT NULL
        AND (c.closed_at IS NULL)
      ORDER BY w.blown_at, s.deadline, s.summons_id`);
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

  async recentBreaches(limit: number): Promise<BreachRow[]> {
    const rows = await this.query(
      `SELECT b.*, w.case_no, s.department_name
       FROM breaches b
       LEFT JOIN whistles w ON w.whistle_id = b.whistle_id
       LEFT JOIN summons s ON s.summons_id = b.summons_id
       ORDER BY b.breached_at DESC NULLS LAST, b.breach_id DESC LIMIT $1`,
      [limit],
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
  async openEscalations(): Promise<EscalationRow[]> {
    const rows = await this.query(`
      SELECT e.*, w.case_no, s.department_name,
             (b.retracted_at IS NOT NULL OR b.late_arrival_at IS NOT NULL) AS breach_closed
      FROM escalations e
      LEFT JOIN breaches b ON b.breach_id = e.breach_id
      LEFT JOIN whistles w ON w.whistle_id = e.whistle_id
      LEFT JOIN summons s ON s.summons_id = e.summons_id
      WHERE e.acknowledged_at IS NULL
        AND b.retracted_at IS NULL AND b.late_arrival_at IS NULL
      ORDER BY e.raised_at NULLS LAST, e.escalation_id`);
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

  async counts(): Promise<Record<string, number>> {
    const [row] = await this.query(`
      SELECT (SELECT count(*)::int FROM case_files) AS cases,
             (SELECT count(*)::int FROM whistles WHERE completed_at IS NULL AND blown_at IS NOT NULL) AS open_whistles,
             (SELECT count(*)::int FROM breaches WHERE retracted_at IS NULL AND late_arrival_at IS NULL) AS open_breaches,
             (SELECT count(*)::int FROM escalations e LEFT JOIN breaches b ON b.breach_id = e.breach_id
                WHERE e.acknowledged_at IS NULL AND b.retracted_at IS NULL AND b.late_arrival_at IS NULL) AS open_escalations`);
    return {
      cases: row!.cases as number,
      openWhistles: row!.open_whistles as number,
      openBreaches: row!.open_breaches as number,
      openEscalations: row!.open_escalations as number,
    };
  }

  /** One fact per summons made in [from, to), grouped by department or by the case's center. */
  async scorecardFacts(groupBy: 'department' | 'center', from: Date, to: Date): Promise<SummonsFact[]> {
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
         AND w.center_id IS NOT NULL AND w.blown_at IS NOT NULL`,
      [from, to],
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
