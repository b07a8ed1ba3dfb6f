import { Injectable } from '@nestjs/common';
import { CompiledQuery, sql, type Compilable } from 'kysely';
import type { SummonsSla } from '../../domain/sla';
import { REARMED } from '../timers/timer-store';
import type { EarlyResponse } from './early-responses';
import { SlaSql, type ResponseKind } from './schema';

const HELD_SUMMONS_KEYS = Symbol('summons keys held by this transaction');

/**
 * Takes the summons keys given as the text array `keys` (a placeholder). The lock calls are
 * volatile, so PostgreSQL runs them after the sort, one key after another.
 */
const LOCKING = (keys: string) =>
  `SELECT pg_advisory_xact_lock(hashtextextended(k, 4)) AS held FROM unnest(${keys}::text[]) AS k ORDER BY k`;

export interface PlannedTimer {
  id: string;
  kind: string;
  subject: string;
  dueAt: Date;
  payload: Record<string, unknown>;
}

/**
 * The start of a summons's clock, and the per-summons key that serialises it with the answers
 * that may overtake it (they come on different topics, handled concurrently): without the key, a
 * response could find no summons and park as early while the whistle, not yet seeing the parked
 * row, starts the summons — and the response would be lost. Held until the transaction ends.
 */
@Injectable()
export class SummonsStart {
  constructor(private readonly sql: SlaSql) {}

  async lockSummonsKey(summonsId: string): Promise<void> {
    await this.lockSummonsKeys([summonsId]);
  }

  /**
   * The keys of several summons in one statement, in one order (the keys' sort order) whoever
   * takes them, so two takers of overlapping keys queue instead of deadlocking.
   */
  async lockSummonsKeys(summonsIds: string[]): Promise<void> {
    const missing = summonsIds.filter((id) => !this.holdsKey(id));
    if (missing.length === 0) return;
    await this.sql.db.executeQuery(CompiledQuery.raw(LOCKING('$1'), [missing]));
    this.remember(missing);
  }

  /**
   * lockSummonsKeys, and `read` (what the start needs to know first: the whistle's policy) in the
   * same statement, once the keys are held: one round trip instead of two. Answers `read`'s rows.
   */
  async lockSummonsKeysReading<R>(summonsIds: string[], read: Compilable<R>): Promise<R[]> {
    const missing = summonsIds.filter((id) => !this.holdsKey(id));
    const compiled = read.compile();
    if (missing.length === 0) return (await this.sql.db.executeQuery(compiled)).rows;
    const keys = `$${compiled.parameters.length + 1}`;
    // A condition without columns runs once, before the scan: the read comes after the locks.
    const { rows } = await this.sql.db.executeQuery<R>(
      CompiledQuery.raw(
        `WITH locked AS MATERIALIZED (${LOCKING(keys)})
         SELECT r.* FROM (${compiled.sql}) AS r WHERE (SELECT count(*) FROM locked) >= 0`,
        [...compiled.parameters, missing],
      ),
    );
    this.remember(missing);
    return rows;
  }

  private remember(summonsIds: string[]): void {
    const held = this.heldKeys();
    for (const id of summonsIds) held?.add(id);
  }

  /**
   * Whether this transaction already holds a summons's key (an earlier event of the consumer's
   * batch took it). Then taking it again is a round trip for nothing: nobody can have started
   * that summons since. Remembered per transaction (dropped with it), so a rolled-back batch
   * retried event by event starts with nothing held. Outside a transaction nothing is remembered.
   */
  private holdsKey(summonsId: string): boolean {
    return this.heldKeys()?.has(summonsId) ?? false;
  }

  private heldKeys(): Set<string> | undefined {
    return this.sql.transactions.transactionLocal(HELD_SUMMONS_KEYS, () => new Set<string>());
  }

  /**
   * Starts the clocks of fresh summons in one statement: inserts their SLA rows (a summons
   * already tracked — a redelivery — is left alone), arms the given timers of the summons it
   * inserted, and takes (forgets) the answers that overtook them. Call it holding the summons'
   * keys, so its snapshot, taken after the wait, sees every answer parked before.
   */
  async start(
    slas: SummonsSla[],
    timers: PlannedTimer[],
    armedAt: Date,
  ): Promise<{ inserted: Set<string>; early: EarlyResponse[] }> {
    if (slas.length === 0) return { inserted: new Set(), early: [] };
    const { rows } = await sql<{
      summons_id: string;
      kind: ResponseKind | null;
      at: Date | null;
      event_id: string | null;
      correlation_id: string | null;
    }>`WITH inserted AS (
         INSERT INTO summons_sla (summons_id, whistle_id, case_id, center_id, department_id, department_name,
           summoned_at, deadline, policy, state, acknowledged_at, arrived_at, warned_at, breach_id,
           escalation_level, correlation_id, causation_id)
         SELECT s.summons_id, s.whistle_id, s.case_id, s.center_id, s.department_id, s.department_name,
           s.summoned_at, s.deadline, s.policy, s.state, s.acknowledged_at, s.arrived_at, s.warned_at,
           s.breach_id, s.escalation_level, s.correlation_id, s.causation_id
         FROM jsonb_to_recordset(${JSON.stringify(slas.map(slaRow))}::jsonb) AS s(summons_id uuid,
           whistle_id uuid, case_id uuid, center_id text, department_id text, department_name text,
           summoned_at timestamptz, deadline timestamptz, policy jsonb, state text,
           acknowledged_at timestamptz, arrived_at timestamptz, warned_at timestamptz, breach_id uuid,
           escalation_level integer, correlation_id text, causation_id text)
         ON CONFLICT (summons_id) DO NOTHING
         RETURNING summons_id
       ), armed AS (
         INSERT INTO timers (id, kind, subject, due_at, payload, generation, state, armed_at)
         SELECT t.id, t.kind, t.subject, t.due_at, t.payload, 1, 'armed', ${armedAt}
         FROM jsonb_to_recordset(${JSON.stringify(timers.map(timerRow))}::jsonb)
           AS t(id uuid, kind text, subject text, due_at timestamptz, payload jsonb)
         JOIN inserted ON inserted.summons_id = t.subject::uuid
         ON CONFLICT (kind, subject) DO UPDATE SET ${sql.raw(REARMED)}
         RETURNING id
       ), taken AS (
         DELETE FROM early_responses e USING inserted WHERE e.summons_id = inserted.summons_id
         RETURNING e.summons_id, e.kind, e.at, e.event_id, e.correlation_id
       )
       SELECT summons_id, NULL AS kind, NULL::timestamptz AS at, NULL::uuid AS event_id, NULL AS correlation_id
       FROM inserted
       UNION ALL
       SELECT summons_id, kind, at, event_id, correlation_id FROM taken`.execute(this.sql.db);
    // Ids come back in PostgreSQL's spelling; answer in the caller's.
    const callerId = new Map(slas.map((s) => [s.summonsId.toLowerCase(), s.summonsId]));
    const id = (v: string) => callerId.get(v.toLowerCase()) ?? v;
    const inserted = new Set<string>();
    const early: EarlyResponse[] = [];
    for (const r of rows) {
      if (r.kind === null || r.at === null || r.event_id === null || r.correlation_id === null)
        inserted.add(id(r.summons_id));
      else
        early.push({
          summonsId: id(r.summons_id),
          kind: r.kind,
          at: r.at,
          eventId: r.event_id,
          correlationId: r.correlation_id,
        });
    }
    return { inserted, early: early.sort((a, b) => a.at.getTime() - b.at.getTime()) };
  }
}

function slaRow(sla: SummonsSla) {
  return {
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
  };
}

function timerRow(t: PlannedTimer) {
  return { id: t.id, kind: t.kind, subject: t.subject, due_at: t.dueAt, payload: t.payload };
}
