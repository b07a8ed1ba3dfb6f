import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import type { EscalationTarget } from '../../domain/sla';
import {
  caseWithin,
  SlaSql,
  type BreachState,
  type BreachesTable,
  type EscalationState,
  type EscalationsTable,
} from './schema';

export type { BreachState, EscalationState } from './schema';

export interface Breach {
  id: string;
  summonsId: string;
  whistleId: string;
  caseId: string;
  centerId: string;
  departmentId: string;
  deadline: Date;
  breachedAt: Date;
  state: BreachState;
  arrivedAt: Date | null;
  latenessSeconds: number | null;
  closedAt: Date | null;
}

export interface Escalation {
  id: string;
  breachId: string;
  summonsId: string;
  whistleId: string;
  caseId: string;
  departmentId: string;
  level: number;
  targetKind: EscalationTarget['kind'];
  targetId: string;
  raisedAt: Date;
  state: EscalationState;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  note: string | null;
}

export function breachOf(r: Selectable<BreachesTable>): Breach {
  return {
    id: r.id,
    summonsId: r.summons_id,
    whistleId: r.whistle_id,
    caseId: r.case_id,
    centerId: r.center_id,
    departmentId: r.department_id,
    deadline: r.deadline,
    breachedAt: r.breached_at,
    state: r.state,
    arrivedAt: r.arrived_at,
    latenessSeconds: r.lateness_seconds,
    closedAt: r.closed_at,
  };
}

export function breachRow(b: Breach): BreachesTable {
  return {
    id: b.id,
    summons_id: b.summonsId,
    whistle_id: b.whistleId,
    case_id: b.caseId,
    center_id: b.centerId,
    department_id: b.departmentId,
    deadline: b.deadline,
    breached_at: b.breachedAt,
    state: b.state,
    arrived_at: b.arrivedAt,
    lateness_seconds: b.latenessSeconds,
    closed_at: b.closedAt,
  };
}

export function escalationOf(r: Selectable<EscalationsTable>): Escalation {
  return {
    id: r.id,
    breachId: r.breach_id,
    summonsId: r.summons_id,
    whistleId: r.whistle_id,
    caseId: r.case_id,
    departmentId: r.department_id,
    level: r.level,
    targetKind: r.target_kind,
    targetId: r.target_id,
    raisedAt: r.raised_at,
    state: r.state,
    acknowledgedAt: r.acknowledged_at,
    acknowledgedBy: r.acknowledged_by,
    note: r.note,
  };
}

/** Breaches and their escalation ladders, as the board and the supervisors read and answer them. */
@Injectable()
export class BreachesRepository {
  constructor(private readonly sql: SlaSql) {}

  async findBreach(id: string): Promise<Breach | null> {
    const row = await this.sql.db.selectFrom('breaches').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? breachOf(row) : null;
  }

  async listBreaches(filter: {
    open?: boolean;
    limit: number;
    /** A center the breach's case must sit under (null or absent: all). */
    within?: string | null;
  }): Promise<Array<Breach & { escalations: Escalation[] }>> {
    let query = this.sql.db
      .selectFrom('breaches')
      .selectAll()
      .where((eb) => caseWithin(eb, 'breaches', filter.within ?? null));
    if (filter.open !== undefined) query = query.where('state', filter.open ? '=' : '<>', 'open');
    const rows = await query.orderBy('breached_at', 'desc').orderBy('id').limit(filter.limit).execute();
    const breaches = rows.map(breachOf);
    const escalations = await this.escalationsOf(breaches.map((b) => b.id));
    return breaches.map((b) => ({ ...b, escalations: escalations.filter((e) => e.breachId === b.id) }));
  }

  async escalationsOf(breachIds: string[]): Promise<Escalation[]> {
    if (breachIds.length === 0) return [];
    const rows = await this.sql.db
      .selectFrom('escalations')
      .selectAll()
      .where('breach_id', 'in', breachIds)
      .orderBy('level')
      .execute();
    return rows.map(escalationOf);
  }

  async findEscalation(id: string, options: { lock?: boolean } = {}): Promise<Escalation | null> {
    const query = this.sql.db.selectFrom('escalations').selectAll().where('id', '=', id);
    const row = await (options.lock ? query.forUpdate() : query).executeTakeFirst();
    return row ? escalationOf(row) : null;
  }

  async acknowledgeEscalation(id: string, at: Date, by: string, note: string | null): Promise<void> {
    await this.sql.db
      .updateTable('escalations')
      .set({ state: 'acknowledged', acknowledged_at: at, acknowledged_by: by, note })
      .where('id', '=', id)
      .execute();
  }
}
