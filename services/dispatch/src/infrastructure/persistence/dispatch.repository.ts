import { Injectable } from '@nestjs/common';
import type { DisputeType, Urgency } from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';
import { In, Raw, type EntityManager } from 'typeorm';
import type { RoutingRule } from '../../domain/routing';
import {
  RESPONSE_APPLIES_FROM,
  type DepartmentResponseKind,
  type Summons,
  type SummonsStatus,
  type Whistle,
  type WhistleStatus,
} from '../../domain/whistle';
import { KnownCaseEntity, RoutingRuleEntity, WhistleEntity, WhistleSummonsEntity } from './entities';

export interface KnownCase {
  caseId: string;
  caseNo: string;
  centerId: string;
  centerPath: string[];
  disputeType: DisputeType;
  urgency: Urgency;
  closed: boolean;
}

/** What blowing a whistle on a case needs to know, read (and the case locked) in one statement. */
export interface CaseToWhistle extends KnownCase {
  hasOpenWhistle: boolean;
  /** The department kinds of the routing rule of the case's dispute type; null without one. */
  ruleDepartmentKinds: string[] | null;
}

/** What a department's response did to its summons. */
export type ResponseOutcome =
  | { kind: 'whistle-unknown' }
  | { kind: 'summons-unknown'; whistleId: string }
  /** A redelivery, or an answer overtaken by a later one: nothing written. */
  | { kind: 'unchanged' }
  /**
   * `before`: the whistle as it stood just before this change, when asked for and when the
   * statement could read it current (see recordResponse); null otherwise.
   */
  | { kind: 'changed'; before: Whistle | null };

/** A whistle row joined with its summons, one row per summons (none: summons columns null). */
interface WhistleSummonsRow {
  id: string;
  case_id: string;
  case_no: string;
  center_id: string;
  status: string;
  reason: string | null;
  sla_seconds: number;
  blown_at: Date;
  arrival_deadline: Date;
  completed_at: Date | null;
  s_id: string | null;
  s_position: number;
  s_department_id: string;
  s_department_name: string;
  s_department_kind: string;
  s_status: string;
  s_arrival_deadline: Date;
  s_acknowledged_at: Date | null;
  s_arrived_at: Date | null;
  s_declined_at: Date | null;
  s_decline_reason: string | null;
  s_replaced_by_summons_id: string | null;
}

const WHISTLE_WITH_SUMMONS = `
  SELECT w.id, w.case_id, w.case_no, w.center_id, w.status, w.reason, w.sla_seconds, w.blown_at,
         w.arrival_deadline, w.completed_at,
         s.id AS s_id, s.position AS s_position, s.department_id AS s_department_id, s.department_name AS s_department_name,
         s.department_kind AS s_department_kind, s.status AS s_status,
         s.arrival_deadline AS s_arrival_deadline, s.acknowledged_at AS s_acknowledged_at,
         s.arrived_at AS s_arrived_at, s.declined_at AS s_declined_at,
         s.decline_reason AS s_decline_reason, s.replaced_by_summons_id AS s_replaced_by_summons_id
  FROM whistles w LEFT JOIN whistle_summons s ON s.whistle_id = w.id`;

function whistleOfRows(rows: WhistleSummonsRow[]): Whistle | null {
  const [first] = rows;
  if (!first) return null;
  return {
    id: first.id,
    caseId: first.case_id,
    caseNo: first.case_no,
    centerId: first.center_id,
    status: first.status as WhistleStatus,
    reason: first.reason,
    slaSeconds: first.sla_seconds,
    blownAt: first.blown_at,
    arrivalDeadline: first.arrival_deadline,
    completedAt: first.completed_at,
    summons: rows
      .filter((r) => r.s_id !== null)
      .map((r) => ({
        id: r.s_id!,
        departmentId: r.s_department_id,
        departmentName: r.s_department_name,
        departmentKind: r.s_department_kind,
        status: r.s_status as SummonsStatus,
        arrivalDeadline: r.s_arrival_deadline,
        acknowledgedAt: r.s_acknowledged_at,
        arrivedAt: r.s_arrived_at,
        declinedAt: r.s_declined_at,
        declineReason: r.s_decline_reason,
        replacedBySummonsId: r.s_replaced_by_summons_id,
      })),
  };
}

/**
 * The columns each response writes. $4 is the time of the response, $5 the decline reason (passed
 * only with a decline: PostgreSQL refuses a parameter the statement never uses). An arrival also
 * counts as an acknowledgement when none came first, as recordArrived does.
 */
const RESPONSE_SETS: Record<DepartmentResponseKind, string> = {
  acknowledged: `status = 'acknowledged', acknowledged_at = $4`,
  declined: `status = 'declined', declined_at = $4, decline_reason = $5`,
  arrived: `status = 'arrived', arrived_at = $4, acknowledged_at = COALESCE(s.acknowledged_at, $4)`,
};

function toSummons(e: WhistleSummonsEntity): Summons {
  return {
    id: e.id,
    departmentId: e.departmentId,
    departmentName: e.departmentName,
    departmentKind: e.departmentKind,
    status: e.status as SummonsStatus,
    arrivalDeadline: e.arrivalDeadline,
    acknowledgedAt: e.acknowledgedAt,
    arrivedAt: e.arrivedAt,
    declinedAt: e.declinedAt,
    declineReason: e.declineReason,
    replacedBySummonsId: e.replacedBySummonsId,
  };
}

function toWhistle(e: WhistleEntity, summons: WhistleSummonsEntity[]): Whistle {
  return {
    id: e.id,
    caseId: e.caseId,
    caseNo: e.caseNo,
    centerId: e.centerId,
    status: e.status as WhistleStatus,
    reason: e.reason,
    slaSeconds: e.slaSeconds,
    blownAt: e.blownAt,
    arrivalDeadline: e.arrivalDeadline,
    completedAt: e.completedAt,
    summons: summons.sort((a, b) => a.position - b.position).map(toSummons),
  };
}

/**
 * The whistles whose row lock the ambient transaction holds (TransactionHost.transactionLocal).
 * It lives and dies with its transaction, so a rolled-back batch, retried in fresh transactions,
 * starts with nothing held.
 */
const LOCKED_WHISTLES = Symbol('whistles locked in this transaction');

@Injectable()
export class DispatchRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  /**
   * Records a registered case, in one statement: a redelivered or late CaseRegistered refreshes
   * the details but never reopens a case already closed (a new row starts open).
   */
  async recordRegisteredCase(known: Omit<KnownCase, 'closed'>): Promise<void> {
    await this.manager.query(
      `INSERT INTO known_cases (case_id, case_no, center_id, center_path, dispute_type, urgency, closed)
       VALUES ($1, $2, $3, $4, $5, $6, false)
       ON CONFLICT (case_id) DO UPDATE
         SET case_no = EXCLUDED.case_no, center_id = EXCLUDED.center_id,
             center_path = EXCLUDED.center_path, dispute_type = EXCLUDED.dispute_type,
             urgency = EXCLUDED.urgency`,
      [known.caseId, known.caseNo, known.centerId, known.centerPath, known.disputeType, known.urgency],
    );
  }

  async markCaseClosed(caseId: string): Promise<boolean> {
    const [, affected]: [unknown[], number] = await this.manager.query(
      'UPDATE known_cases SET closed = true WHERE case_id = $1',
      [caseId],
    );
    return affected > 0;
  }

  async findKnownCase(caseId: string, options: { lock?: boolean } = {}): Promise<KnownCase | null> {
    const entity = await this.manager.findOne(KnownCaseEntity, {
      where: { caseId },
      ...(options.lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    return entity
      ? { ...entity, disputeType: entity.disputeType as DisputeType, urgency: entity.urgency as Urgency }
      : null;
  }

  async routingRules(): Promise<RoutingRule[]> {
    const rows = await this.manager.find(RoutingRuleEntity, { order: { disputeType: 'ASC' } });
    return rows.map((r) => ({
      disputeType: r.disputeType as DisputeType,
      departmentKinds: r.departmentKinds,
    }));
  }

  async routingRule(disputeType: string): Promise<RoutingRule | null> {
    const row = await this.manager.findOne(RoutingRuleEntity, { where: { disputeType } });
    return row ? { disputeType: row.disputeType as DisputeType, departmentKinds: row.departmentKinds } : null;
  }

  async saveRoutingRule(rule: RoutingRule, at: Date): Promise<void> {
    await this.manager.upsert(RoutingRuleEntity, { ...rule, updatedAt: at }, ['disputeType']);
  }

  /** Seeds rules for dispute types that have none; an operator's edit is never overwritten. */
  async insertMissingRoutingRules(rules: RoutingRule[], at: Date): Promise<number> {
    let inserted = 0;
    for (const rule of rules) {
      const result = await this.manager
        .createQueryBuilder()
        .insert()
        .into(RoutingRuleEntity)
        .values({ ...rule, updatedAt: at })
        .orIgnore()
        .execute();
      inserted += result.identifiers.filter(Boolean).length;
    }
    return inserted;
  }

  /**
   * Locks the case (so two whistles on it queue up) and reads, in one round trip, all that blowing a
   * whistle on it needs: the case, whether it has an open whistle, and its routing rule. The
   * open-whistle answer comes from the statement's snapshot, which may predate a whistle committed
   * while this waited for the lock; insertWhistle catches that one.
   */
  async caseToWhistle(caseId: string): Promise<CaseToWhistle | null> {
    const rows: Array<{
      case_id: string;
      case_no: string;
      center_id: string;
      center_path: string[];
      dispute_type: string;
      urgency: string;
      closed: boolean;
      has_open_whistle: boolean;
      rule_department_kinds: string[] | null;
    }> = await this.manager.query(
      `SELECT k.case_id, k.case_no, k.center_id, k.center_path, k.dispute_type, k.urgency, k.closed,
              EXISTS (SELECT 1 FROM whistles w WHERE w.case_id = k.case_id AND w.status = 'open')
                AS has_open_whistle,
              r.department_kinds AS rule_department_kinds
       FROM known_cases k LEFT JOIN routing_rules r ON r.dispute_type = k.dispute_type
       WHERE k.case_id = $1
       FOR UPDATE OF k`,
      [caseId],
    );
    const [row] = rows;
    if (!row) return null;
    return {
      caseId: row.case_id,
      caseNo: row.case_no,
      centerId: row.center_id,
      centerPath: row.center_path,
      disputeType: row.dispute_type as DisputeType,
      urgency: row.urgency as Urgency,
      closed: row.closed,
      hasOpenWhistle: row.has_open_whistle,
      ruleDepartmentKinds: row.rule_department_kinds,
    };
  }

  /**
   * The whistle and its summons in one statement. With `lock`, the whistle row is locked first, in
   * its own statement: a read in the locking statement would come from a snapshot taken before
   * the wait, missing what the previous holder of the lock wrote.
   */
  async findWhistle(id: string, options: { lock?: boolean } = {}): Promise<Whistle | null> {
    if (options.lock) {
      const locked: Array<{ id: string }> = await this.manager.query(
        'SELECT id FROM whistles WHERE id = $1 FOR UPDATE',
        [id],
      );
      if (locked.length === 0) return null;
      this.noteWhistleLock(locked[0].id);
    }
    return whistleOfRows(
      await this.manager.query(`${WHISTLE_WITH_SUMMONS} WHERE w.id = $1 ORDER BY s.position`, [id]),
    );
  }

  /**
   * Applies a department's response to its summons in one statement: locks the whistle (every
   * writer of a whistle's summons does, so this queues behind a reassignment or a completion),
   * and moves the summons only from a status the domain lets that response move it from
   * (RESPONSE_APPLIES_FROM). Replaces load, lock, then write back the whole whistle.
   *
   * With `readWhistle`, the same statement also reads the whistle as it stood before the change,
   * but only when this transaction already held the whistle's lock (an earlier event of the
   * consumer's batch took it): then nobody can have written it since, so the statement's
   * snapshot is current. A statement that takes the lock may have waited for it, and its
   * snapshot, taken before the wait, would miss what the previous holder wrote; so the caller
   * gets null and reads afresh.
   */
  async recordResponse(
    response: {
      kind: DepartmentResponseKind;
      whistleId: string;
      summonsId: string;
      at: Date;
      reason?: string;
    },
    options: { readWhistle?: boolean } = {},
  ): Promise<ResponseOutcome> {
    const readWhistle = options.readWhistle === true && this.holdsWhistleLock(response.whistleId);
    const rows: Array<
      { whistle_id: string | null; changed: boolean; summons_known: boolean } & Partial<WhistleSummonsRow>
    > = await this.manager.query(
      `WITH locked AS (
         SELECT id FROM whistles WHERE id = $1 FOR UPDATE
       ), changed AS (
         UPDATE whistle_summons s SET ${RESPONSE_SETS[response.kind]}
         FROM locked
         WHERE s.id = $2 AND s.whistle_id = locked.id AND s.status = ANY($3::text[])
         RETURNING s.id
       ), outcome AS (
         SELECT (SELECT id FROM locked) AS whistle_id,
                EXISTS (SELECT 1 FROM changed) AS changed,
                EXISTS (SELECT 1 FROM whistle_summons WHERE id = $2 AND whistle_id = $1) AS summons_known
       )
       ${
         readWhistle
           ? `SELECT outcome.*, before.* FROM outcome
              LEFT JOIN (${WHISTLE_WITH_SUMMONS} WHERE w.id = $1) before ON outcome.changed
              ORDER BY before.s_position`
           : 'SELECT * FROM outcome'
       }`,
      [
        response.whistleId,
        response.summonsId,
        RESPONSE_APPLIES_FROM[response.kind],
        response.at,
        ...(response.kind === 'declined' ? [response.reason ?? null] : []),
      ],
    );
    const [row] = rows;
    if (!row?.whistle_id) return { kind: 'whistle-unknown' };
    this.noteWhistleLock(row.whistle_id);
    if (row.changed)
      return { kind: 'changed', before: readWhistle ? whistleOfRows(rows as WhistleSummonsRow[]) : null };
    if (!row.summons_known) return { kind: 'summons-unknown', whistleId: row.whistle_id };
    return { kind: 'unchanged' };
  }

  /** Writes a completion the domain decided (completeIfAllArrived), the whistle locked. */
  async markCompleted(whistle: Whistle): Promise<void> {
    await this.manager.query(`UPDATE whistles SET status = $2, completed_at = $3 WHERE id = $1`, [
      whistle.id,
      whistle.status,
      whistle.completedAt,
    ]);
  }

  async whistlesOfCase(caseId: string): Promise<Whistle[]> {
    const entities = await this.manager.find(WhistleEntity, {
      where: { caseId },
      order: { blownAt: 'DESC' },
    });
    return this.withSummons(entities);
  }

  /** Newest first; `withinCenter`: only whistles on cases with that center on their path. */
  async listWhistles(filter: {
    status?: WhistleStatus;
    limit: number;
    withinCenter?: string;
  }): Promise<Whistle[]> {
    const entities = await this.manager.find(WhistleEntity, {
      where: {
        ...(filter.status ? { status: filter.status } : {}),
        ...(filter.withinCenter
          ? {
              caseId: Raw(
                (column) => `${column} IN (SELECT case_id FROM known_cases WHERE :center = ANY(center_path))`,
                {
                  center: filter.withinCenter,
                },
              ),
            }
          : {}),
      },
      order: { blownAt: 'DESC' },
      take: filter.limit,
    });
    return this.withSummons(entities);
  }

  /**
   * Inserts the whistle and all its summons in one statement. Answers false, writing nothing,
   * when the case already has an open whistle (the partial unique index decides, so even one
   * committed after caseToWhistle's snapshot is caught).
   */
  async insertWhistle(whistle: Whistle): Promise<boolean> {
    const rows: Array<{ inserted: boolean }> = await this.manager.query(
      `WITH whistle AS (
         INSERT INTO whistles (id, case_id, case_no, center_id, status, reason, sla_seconds, blown_at,
                               arrival_deadline, completed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (case_id) WHERE status = 'open' DO NOTHING
         RETURNING id
       ), summons AS (
         INSERT INTO whistle_summons (id, whistle_id, position, department_id, department_name,
                                      department_kind, status, arrival_deadline, acknowledged_at,
                                      arrived_at, declined_at, decline_reason, replaced_by_summons_id)
         SELECT s.id, whistle.id, s.position, s.department_id, s.department_name, s.department_kind,
                s.status, s.arrival_deadline, s.acknowledged_at, s.arrived_at, s.declined_at,
                s.decline_reason, s.replaced_by_summons_id
         FROM whistle, jsonb_to_recordset($11::jsonb)
           AS s(id uuid, position int, department_id text, department_name text, department_kind text,
                status text, arrival_deadline timestamptz, acknowledged_at timestamptz,
                arrived_at timestamptz, declined_at timestamptz, decline_reason text,
                replaced_by_summons_id uuid)
       )
       SELECT EXISTS (SELECT 1 FROM whistle) AS inserted`,
      [
        whistle.id,
        whistle.caseId,
        whistle.caseNo,
        whistle.centerId,
        whistle.status,
        whistle.reason,
        whistle.slaSeconds,
        whistle.blownAt,
        whistle.arrivalDeadline,
        whistle.completedAt,
        JSON.stringify(
          whistle.summons.map((s, position) => ({
            id: s.id,
            position,
            department_id: s.departmentId,
            department_name: s.departmentName,
            department_kind: s.departmentKind,
            status: s.status,
            arrival_deadline: s.arrivalDeadline,
            acknowledged_at: s.acknowledgedAt,
            arrived_at: s.arrivedAt,
            declined_at: s.declinedAt,
            decline_reason: s.declineReason,
            replaced_by_summons_id: s.replacedBySummonsId,
          })),
        ),
      ],
    );
    return rows[0]?.inserted === true;
  }

  /** Writes the whistle's current state: its row and every summons (new ones appended). */
  async saveWhistle(whistle: Whistle): Promise<void> {
    const { summons, ...row } = whistle;
    await this.manager.update(
      WhistleEntity,
      { id: whistle.id },
      { status: row.status, completedAt: row.completedAt },
    );
    await this.manager.upsert(
      WhistleSummonsEntity,
      summons.map((s, position) => ({ ...s, whistleId: whistle.id, position })),
      ['id'],
    );
  }

  private holdsWhistleLock(whistleId: string): boolean {
    return this.lockedWhistles()?.has(whistleId.toLowerCase()) ?? false;
  }

  /** Outside a transaction a statement's lock ends with it: nothing to remember. */
  private noteWhistleLock(whistleId: string): void {
    this.lockedWhistles()?.add(whistleId.toLowerCase());
  }

  private lockedWhistles(): Set<string> | undefined {
    return this.transactions.transactionLocal(LOCKED_WHISTLES, () => new Set<string>());
  }

  private async withSummons(entities: WhistleEntity[]): Promise<Whistle[]> {
    if (entities.length === 0) return [];
    const summons = await this.manager.find(WhistleSummonsEntity, {
      where: { whistleId: In(entities.map((e) => e.id)) },
    });
    return entities.map((e) =>
      toWhistle(
        e,
        summons.filter((s) => s.whistleId === e.id),
      ),
    );
  }
}
