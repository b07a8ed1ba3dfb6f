import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@chuishao/persistence';
import type { EntityManager } from 'typeorm';
import type { EscalationPolicy, SlaState, SummonsSla } from '../../domain/sla';
import type { ScorecardRow } from '../../domain/scorecard';

export type BreachState = 'open' | 'retracted' | 'late' | 'withdrawn';
export type EscalationState = 'open' | 'acknowledged' | 'withdrawn';

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
  targetKind: 'department_head' | 'center';
  targetId: string;
  raisedAt: Date;
  state: EscalationState;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  note: string | null;
}

type Row = Record<string, unknown>;
const date = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));

function toSla(r: Row): SummonsSla {
  return {
    summonsId: r.summons_id as string,
    whistleId: r.whistle_id as string,
    caseId: r.case_id as string,
    centerId: r.center_id as string,
    departmentId: r.department_id as string,
    departmentName: r.department_name as string,
    summonedAt: date(r.summoned_at)!,
    deadline: date(r.deadline)!,
    policy: r.policy as EscalationPolicy,
    state: r.state as SlaState,
    acknowledgedAt: date(r.acknowledged_at),
    arrivedAt: date(r.arrived_at),
    warnedAt: date(r.warned_at),
    breachId: (r.breach_id as string | null) ?? null,
    escalationLevel: r.escalation_level as number,
    correlationId: r.correlation_id as string,
    causationId: r.causation_id as string,
  };
}

function toBreach(r: Row): Breach {
  return {
    id: r.id as string,
    summonsId: r.summons_id as string,
    whistleId: r.whistle_id as string,
    caseId: r.case_id as string,
    centerId: r.center_id as string,
    departmentId: r.department_id as string,
    deadline: date(r.deadline)!,
    breachedAt: date(r.breached_at)!,
    state: r.state as BreachState,
    arrivedAt: date(r.arrived_at),
    latenessSeconds: (r.lateness_seconds as number | null) ?? null,
    closedAt: date(r.closed_at),
  };
}

function toEscalation(r: Row): Escalation {
  return {
    id: r.id as string,
    breachId: r.breach_id as string,
    summonsId: r.summons_id as string,
    whistleId: r.whistle_id as string,
    caseId: r.case_id as string,
    departmentId: r.department_id as string,
    level: r.level as number,
    targetKind: r.target_kind as Escalation['targetKind'],
    targetId: r.target_id as string,
    raisedAt: date(r.raised_at)!,
    state: r.state as EscalationState,
    acknowledgedAt: date(r.acknowledged_at),
    acknowledgedBy: (r.acknowledged_by as string | null) ?? null,
    note: (r.note as string | null) ?? null,
  };
}

const HELD_SUMMONS_KEYS = Symbol('summons keys held by this transaction');

/**
 * A row's case within the reader's centers: `null` is the whole network; otherwise the case's
 * center path (from CaseRegistered, in known_cases) must hold that center. The row's table has a
 * `case_id`; a case whose registration was not seen has no path and is left out.
 */
const WITHIN = (param: string, table: string) =>
  `(${param}::text IS NULL OR EXISTS (SELECT 1 FROM known_cases k
     WHERE k.case_id = ${table}.case_id AND ${param} = ANY(k.center_path)))`;

@Injectable()
export class SlaRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private get manager(): EntityManager {
    return this.transactions.manager;
  }

  async upsertKnownCase(caseId: string, centerId: string, centerPath: string[]): Promise<void> {
    await this.manager.query(
      `INSERT INTO known_cases (case_id, center_id, center_path) VALUES ($1, $2, $3)
       ON CONFLICT (case_id) DO UPDATE SET center_id = EXCLUDED.center_id, center_path = EXCLUDED.center_path`,
      [caseId, centerId, centerPath],
    );
  }

  async centerPath(caseId: string): Promise<string[] | null> {
    const rows: Row[] = await this.manager.query('SELECT center_path FROM known_cases WHERE case_id = $1', [
      caseId,
    ]);
    return (rows[0]?.center_path as string[] | undefined) ?? null;
  }

  async findSummonsSla(summonsId: string, options: { lock?: boolean } = {}): Promise<SummonsSla | null> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM summons_sla WHERE summons_id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [summonsId],
    );
    return rows[0] ? toSla(rows[0]) : null;
  }

  /**
   * Cancels a summons's armed timers (of the given kinds, or all, as TimerStore.cancel does) and
   * then reads and locks the summons, in one statement instead of two. The order matters, the
   * firing loop locks a timer then its summons: the read's condition depends on the cancel's
   * count, a condition without columns, so PostgreSQL runs it once (a One-Time Filter, checked
   * with EXPLAIN) and only then scans and locks the summons.
   *
   * With `arrivedAt`, the same statement also records the usual arrival, the on-time one of a
   * running summons (decideArrival's `met`, state running and arrivedAt <= deadline), and says
   * so (`markedMet`): what saveSummonsSla would write after that decision, without its round
   * trip. The summons comes back as it was before, for the domain to decide on as always.
   */
  async cancelTimersAndLock(
    summonsId: string,
    timerKinds: string[] | null,
    arrivedAt: Date | null = null,
  ): Promise<{ sla: SummonsSla | null; markedMet: boolean }> {
    const rows: Row[] = await this.manager.query(
      `WITH cancelled AS (
         UPDATE timers SET state = 'cancelled', generation = generation + 1
         WHERE subject = $2 AND state = 'armed' AND ($3::text[] IS NULL OR kind = ANY($3::text[]))
         RETURNING 1
       ), cur AS (
         SELECT s.* FROM summons_sla s
         WHERE s.summons_id = $1 AND (SELECT count(*) FROM cancelled) >= 0
         FOR UPDATE OF s
       ), met AS (
         UPDATE summons_sla u
         SET state = 'met', arrived_at = $4, acknowledged_at = COALESCE(cur.acknowledged_at, $4)
         FROM cur
         WHERE $4::timestamptz IS NOT NULL AND u.summons_id = cur.summons_id
           AND cur.state = 'running' AND $4::timestamptz <= cur.deadline
         RETURNING u.summons_id
       )
       SELECT cur.*, EXISTS (SELECT 1 FROM met) AS marked_met FROM cur`,
      [summonsId, summonsId, timerKinds, arrivedAt],
    );
    return rows[0]
      ? { sla: toSla(rows[0]), markedMet: rows[0].marked_met === true }
      : { sla: null, markedMet: false };
  }

  async summonsOfWhistle(whistleId: string): Promise<SummonsSla[]> {
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM summons_sla WHERE whistle_id = $1 ORDER BY summoned_at, department_id',
      [whistleId],
    );
    return rows.map(toSla);
  }

  /**
   * The rows of the scorecards: summons made in [from, to), grouped by department or by the
   * case's center. Only the columns the arithmetic needs.
   */
  async scorecardRows(
    groupBy: 'department' | 'center',
    from: Date,
    to: Date,
    within: string | null = null,
  ): Promise<ScorecardRow[]> {
    const group =
      groupBy === 'department'
        ? 'department_id AS group_id, department_name AS group_name'
        : 'center_id AS group_id, center_id AS group_name';
    const rows: Array<{
      group_id: string;
      group_name: string;
      summoned_at: Date;
      deadline: Date;
      acknowledged_at: Date | null;
      arrived_at: Date | null;
      state: string;
    }> = await this.manager.query(
      `SELECT ${group}, summoned_at, deadline, acknowledged_at, arrived_at, state
       FROM summons_sla WHERE summoned_at >= $1 AND summoned_at < $2 AND ${WITHIN('$3', 'summons_sla')}`,
      [from, to, within],
    );
    return rows.map((r) => ({
      groupId: r.group_id,
      groupName: r.group_name,
      summonedAt: new Date(r.summoned_at),
      deadline: new Date(r.deadline),
      acknowledgedAt: r.acknowledged_at ? new Date(r.acknowledged_at) : null,
      arrivedAt: r.arrived_at ? new Date(r.arrived_at) : null,
      withdrawn: r.state === 'withdrawn',
    }));
  }

  /**
   * Serialises, per summons, the whistle that starts its clock and the department responses
   * that may overtake it (they come on different topics, handled concurrently): without it, a
   * response could find no summons and park as early while the whistle, not yet seeing the parked
   * row, starts the summons — and the response would be lost. Held until the transaction ends.
   */
  async lockSummonsKey(summonsId: string): Promise<void> {
    if (this.holdsKey(summonsId)) return;
    await this.manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 4))', [summonsId]);
    this.noteKeys([summonsId]);
  }

  /**
   * lockSummonsKey for several summons in one statement, in one order (the keys' sort order)
   * whoever takes them, so two takers of overlapping keys queue instead of deadlocking.
   */
  async lockSummonsKeys(summonsIds: string[]): Promise<void> {
    const missing = summonsIds.filter((id) => !this.holdsKey(id));
    if (missing.length === 0) return;
    // The lock calls are volatile, so PostgreSQL runs them after the sort, one key after another.
    await this.manager.query(
      'SELECT pg_advisory_xact_lock(hashtextextended(k, 4)) FROM unnest($1::text[]) AS k ORDER BY k',
      [missing],
    );
    this.noteKeys(missing);
  }

  /**
   * Whether this transaction already holds a summons's key (an earlier event of the consumer's
   * batch took it). Then taking it again is a round trip for nothing: nobody can have started
   * that summons since, so any later statement's snapshot is as good as one taken after a fresh
   * lock. Remembered per transaction by its manager, which is its own and dropped with it, so a
   * rolled-back batch retried event by event starts with nothing held. (Were the consumer to roll
   * back to savepoints, a key taken after one would be released and this memo would be wrong.)
   */
  private holdsKey(summonsId: string): boolean {
    return this.heldKeys()?.has(summonsId) ?? false;
  }

  /** Outside a transaction a statement's lock ends with it: nothing to remember. */
  private noteKeys(summonsIds: string[]): void {
    const held = this.heldKeys();
    for (const id of summonsIds) held?.add(id);
  }

  /** The summons keys (lockSummonsKey) the ambient transaction holds; none outside any. */
  private heldKeys(): Set<string> | undefined {
    return this.transactions.transactionLocal(HELD_SUMMONS_KEYS, () => new Set<string>());
  }

  /**
   * Records an acknowledgement when it is the earliest so far (the rule of TrackSummons.apply),
   * in one statement instead of a locked read and a write: the condition is evaluated on the
   * row's latest version. False when the summons is unknown (the answer overtook its whistle).
   * Call it holding the summons's key, so the existence check sees a whistle committed before.
   */
  async acknowledgeEarliest(summonsId: string, at: Date): Promise<boolean> {
    const rows: Array<{ known: boolean }> = await this.manager.query(
      `WITH changed AS (
         UPDATE summons_sla SET acknowledged_at = $2
         WHERE summons_id = $1 AND (acknowledged_at IS NULL OR acknowledged_at > $2)
         RETURNING summons_id
       )
       SELECT EXISTS (SELECT 1 FROM changed) OR EXISTS (SELECT 1 FROM summons_sla WHERE summons_id = $1) AS known`,
      [summonsId, at],
    );
    return rows[0]?.known === true;
  }

  /**
   * Starts the clocks of fresh summons in one statement (one round trip instead of three per
   * summons): inserts their SLA rows (a summons already tracked — a redelivery — is left alone),
   * arms the given timers of the summons it inserted, and takes (forgets) the answers that
   * overtook them. Call it holding the summons' keys (lockSummonsKeys, an earlier statement), so
   * its snapshot, taken after the wait, sees every answer parked before.
   */
  async startSummons(
    slas: SummonsSla[],
    timers: Array<{
      id: string;
      kind: string;
      subject: string;
      dueAt: Date;
      payload: Record<string, unknown>;
    }>,
    armedAt: Date,
  ): Promise<{ inserted: Set<string>; early: EarlyResponse[] }> {
    if (slas.length === 0) return { inserted: new Set(), early: [] };
    const rows: Array<{
      summons_id: string;
      kind: ResponseKind | null;
      at: Date | null;
      event_id: string | null;
      correlation_id: string | null;
    }> = await this.manager.query(
      `WITH inserted AS (
         INSERT INTO summons_sla (summons_id, whistle_id, case_id, center_id, department_id, department_name,
           summoned_at, deadline, policy, state, acknowledged_at, arrived_at, warned_at, breach_id,
           escalation_level, correlation_id, causation_id)
         SELECT s.summons_id, s.whistle_id, s.case_id, s.center_id, s.department_id, s.department_name,
           s.summoned_at, s.deadline, s.policy, s.state, s.acknowledged_at, s.arrived_at, s.warned_at,
           s.breach_id, s.escalation_level, s.correlation_id, s.causation_id
         FROM jsonb_to_recordset($1::jsonb) AS s(summons_id uuid, whistle_id uuid, case_id uuid,
           center_id text, department_id text, department_name text, summoned_at timestamptz,
           deadline timestamptz, policy jsonb, state text, acknowledged_at timestamptz,
           arrived_at timestamptz, warned_at timestamptz, breach_id uuid, escalation_level integer,
           correlation_id text, causation_id text)
         ON CONFLICT (summons_id) DO NOTHING
         RETURNING summons_id
       ), armed AS (
         INSERT INTO timers (id, kind, subject, due_at, payload, generation, state, armed_at)
         SELECT t.id, t.kind, t.subject, t.due_at, t.payload, 1, 'armed', $3
         FROM jsonb_to_recordset($2::jsonb) AS t(id uuid, kind text, subject text, due_at timestamptz, payload jsonb)
         JOIN inserted ON inserted.summons_id = t.subject::uuid
         ON CONFLICT (kind, subject) DO UPDATE SET
           due_at = EXCLUDED.due_at, payload = EXCLUDED.payload, generation = timers.generation + 1,
           state = 'armed', armed_at = EXCLUDED.armed_at, fired_at = NULL, lateness_ms = NULL,
           attempts = 0, last_error = NULL
         RETURNING id
       ), taken AS (
         DELETE FROM early_responses e USING inserted WHERE e.summons_id = inserted.summons_id
         RETURNING e.summons_id, e.kind, e.at, e.event_id, e.correlation_id
       )
       SELECT summons_id, NULL AS kind, NULL::timestamptz AS at, NULL::uuid AS event_id, NULL AS correlation_id
       FROM inserted
       UNION ALL
       SELECT summons_id, kind, at, event_id, correlation_id FROM taken`,
      [
        JSON.stringify(
          slas.map((sla) => ({
            summons_id: sla.summonsId,
            whistle_id: sla.whistleId,
            case_id: sla.caseId,
            center_id: sla.centerId,
            department_id: sla.departmentId,
            department_name: sla.departmentName,
            summoned_at: sla.summonedAt,
            deadline: sla.deadline,
            policy: sla.policy,
            state: sla.state,
            acknowledged_at: sla.acknowledgedAt,
            arrived_at: sla.arrivedAt,
            warned_at: sla.warnedAt,
            breach_id: sla.breachId,
            escalation_level: sla.escalationLevel,
            correlation_id: sla.correlationId,
            causation_id: sla.causationId,
          })),
        ),
        JSON.stringify(
          timers.map((t) => ({
            id: t.id,
            kind: t.kind,
            subject: t.subject,
            due_at: t.dueAt,
            payload: t.payload,
          })),
        ),
        armedAt,
      ],
    );
    // Ids come back in PostgreSQL's spelling; answer in the caller's.
    const callerId = new Map(slas.map((s) => [s.summonsId.toLowerCase(), s.summonsId]));
    const id = (v: string) => callerId.get(v.toLowerCase()) ?? v;
    const inserted = new Set<string>();
    const early: EarlyResponse[] = [];
    for (const r of rows) {
      if (r.kind === null) inserted.add(id(r.summons_id));
      else
        early.push({
          summonsId: id(r.summons_id),
          kind: r.kind,
          at: new Date(r.at!),
          eventId: r.event_id!,
          correlationId: r.correlation_id!,
        });
    }
    return { inserted, early: early.sort((a, b) => a.at.getTime() - b.at.getTime()) };
  }

  /** Writes what changes on a summons's SLA over its life. */
  async saveSummonsSla(sla: SummonsSla): Promise<void> {
    await this.manager.query(
      `UPDATE summons_sla SET state = $2, acknowledged_at = $3, arrived_at = $4, warned_at = $5,
         breach_id = $6, escalation_level = $7
       WHERE summons_id = $1`,
      [
        sla.summonsId,
        sla.state,
        sla.acknowledgedAt,
        sla.arrivedAt,
        sla.warnedAt,
        sla.breachId,
        sla.escalationLevel,
      ],
    );
  }

  async insertBreach(breach: Breach): Promise<void> {
    await this.manager.query(
      `INSERT INTO breaches (id, summons_id, whistle_id, case_id, center_id, department_id, deadline,
         breached_at, state, arrived_at, lateness_seconds, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        breach.id,
        breach.summonsId,
        breach.whistleId,
        breach.caseId,
        breach.centerId,
        breach.departmentId,
        breach.deadline,
        breach.breachedAt,
        breach.state,
        breach.arrivedAt,
        breach.latenessSeconds,
        breach.closedAt,
      ],
    );
  }

  async closeBreach(
    id: string,
    change: { state: BreachState; arrivedAt: Date | null; latenessSeconds: number | null; closedAt: Date },
  ): Promise<void> {
    await this.manager.query(
      `UPDATE breaches SET state = $2, arrived_at = $3, lateness_seconds = $4, closed_at = $5 WHERE id = $1`,
      [id, change.state, change.arrivedAt, change.latenessSeconds, change.closedAt],
    );
  }

  async findBreach(id: string): Promise<Breach | null> {
    const rows: Row[] = await this.manager.query('SELECT * FROM breaches WHERE id = $1', [id]);
    return rows[0] ? toBreach(rows[0]) : null;
  }

  async listBreaches(filter: {
    open?: boolean;
    limit: number;
    within?: string | null;
  }): Promise<Array<Breach & { escalations: Escalation[] }>> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM breaches
       WHERE ($1::boolean IS NULL OR (state = 'open') = $1::boolean) AND ${WITHIN('$3', 'breaches')}
       ORDER BY breached_at DESC, id LIMIT $2`,
      [filter.open ?? null, filter.limit, filter.within ?? null],
    );
    const breaches = rows.map(toBreach);
    const escalations = await this.escalationsOf(breaches.map((b) => b.id));
    return breaches.map((b) => ({ ...b, escalations: escalations.filter((e) => e.breachId === b.id) }));
  }

  async insertEscalation(escalation: Escalation): Promise<boolean> {
    const rows: Row[] = await this.manager.query(
      `INSERT INTO escalations (id, breach_id, summons_id, whistle_id, case_id, department_id, level,
         target_kind, target_id, raised_at, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (breach_id, level) DO NOTHING RETURNING id`,
      [
        escalation.id,
        escalation.breachId,
        escalation.summonsId,
        escalation.whistleId,
        escalation.caseId,
        escalation.departmentId,
        escalation.level,
        escalation.targetKind,
        escalation.targetId,
        escalation.raisedAt,
        escalation.state,
      ],
    );
    return rows.length === 1;
  }

  async escalationsOf(breachIds: string[]): Promise<Escalation[]> {
    if (breachIds.length === 0) return [];
    const rows: Row[] = await this.manager.query(
      'SELECT * FROM escalations WHERE breach_id = ANY($1::uuid[]) ORDER BY level',
      [breachIds],
    );
    return rows.map(toEscalation);
  }

  async findEscalation(id: string, options: { lock?: boolean } = {}): Promise<Escalation | null> {
    const rows: Row[] = await this.manager.query(
      `SELECT * FROM escalations WHERE id = $1${options.lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ? toEscalation(rows[0]) : null;
  }

  async acknowledgeEscalation(id: string, at: Date, by: string, note: string | null): Promise<void> {
    await this.manager.query(
      `UPDATE escalations SET state = 'acknowledged', acknowledged_at = $2, acknowledged_by = $3, note = $4
       WHERE id = $1`,
      [id, at, by, note],
    );
  }

  /** Withdraws the still-open escalations of a retracted breach. */
  async withdrawEscalations(breachId: string): Promise<void> {
    await this.manager.query(
      `UPDATE escalations SET state = 'withdrawn' WHERE breach_id = $1 AND state = 'open'`,
      [breachId],
    );
  }
}

export type ResponseKind = 'acknowledged' | 'arrived' | 'declined';

export interface EarlyResponse {
  summonsId: string;
  kind: ResponseKind;
  at: Date;
  eventId: string;
  correlationId: string;
}

/** Answers that overtook their summons (see the early_responses migration); SlaRepository.startSummons takes them. */
@Injectable()
export class EarlyResponses {
  constructor(private readonly transactions: TransactionHost) {}

  async keep(response: EarlyResponse): Promise<void> {
    await this.transactions.manager.query(
      `INSERT INTO early_responses (summons_id, kind, at, event_id, correlation_id)
       VALUES ($1, $2, $3, $4, $5) ON CONFLICT (summons_id, kind) DO NOTHING`,
      [response.summonsId, response.kind, response.at, response.eventId, response.correlationId],
    );
  }
}
