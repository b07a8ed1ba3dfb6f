import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import type { CaseStatus } from '@chuishao/contracts';
import type { SummonsFact } from '../../domain/scorecard';
import { inScope } from './board-read-model';
import { projectionSql, type Projection, type TimelineEntry } from './projection-sql';

export type { FillIn, Projection, TimelineEntry } from './projection-sql';
export type { BoardSummonsRow, BreachRow, EscalationRow } from './board-read-model';

type Row = Record<string, unknown>;

/**
 * At most this many events per statement: a consumer batch is 50 by default; this only keeps a
 * larger CONSUMER_BATCH_SIZE under PostgreSQL's 65,535 parameters.
 */
const EVENTS_PER_STATEMENT = 200;

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
