import { Injectable } from '@nestjs/common';
import type { ColumnsOf, Transition } from '@chuishao/kernel';
import type { AggregateStore } from '@chuishao/messaging';
import {
  lockAndTryInto,
  lockAndTrySql,
  runOn,
  type CteStatement,
  type LockAndTryStatement,
} from '@chuishao/persistence';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { SummonsSla } from '../../domain/sla';
import type { SummonsSlaEvent } from '../../domain/summons-sla.decider';
import { readPolicy } from '../../domain/escalation-policy';
import { breachRow, type Breach } from './breaches.repository';
import { SlaSql, type SummonsSlaTable } from './schema';

export function slaOf(r: Selectable<SummonsSlaTable>): SummonsSla {
  return {
    summonsId: r.summons_id,
    whistleId: r.whistle_id,
    caseId: r.case_id,
    centerId: r.center_id,
    departmentId: r.department_id,
    departmentName: r.department_name,
    summonedAt: r.summoned_at,
    deadline: r.deadline,
    policy: readPolicy(r.policy),
    state: r.state,
    acknowledgedAt: r.acknowledged_at,
    arrivedAt: r.arrived_at,
    warnedAt: r.warned_at,
    breachId: r.breach_id,
    escalationLevel: r.escalation_level,
    correlationId: r.correlation_id,
    causationId: r.causation_id,
  };
}

/** What an answer's metrics need of the summons it was tried on, read back as JSON (AnsweredSla). */
const answeredSla = z
  .object({ center_id: z.string(), department_id: z.string(), summoned_at: z.coerce.date() })
  .transform((r) => ({ centerId: r.center_id, departmentId: r.department_id, summonedAt: r.summoned_at }));

export type AnsweredSla = z.infer<typeof answeredSla>;

/** The columns the decider's transitions read and write. */
const COLUMNS: ColumnsOf<SummonsSla> = {
  state: 'state',
  deadline: 'deadline',
  acknowledgedAt: 'acknowledged_at',
  arrivedAt: 'arrived_at',
  warnedAt: 'warned_at',
  breachId: 'breach_id',
  escalationLevel: 'escalation_level',
};

/**
 * Load with lock and save of a summons's SLA, for the CommandHandler. `cancelling`: the timer
 * kinds to cancel first, in the same statement (null: all of them; undefined: none) — timers
 * first, then the summons, the order the firing loop locks in.
 */
@Injectable()
export class SummonsSlaStore {
  constructor(private readonly sql: SlaSql) {}

  cancelling(timerKinds?: readonly string[] | null): AggregateStore<SummonsSla, SummonsSlaEvent> {
    return {
      lockAndTry: (id, attempt) => this.lockAndTry(id, attempt, timerKinds),
      save: (_before, after, events) => this.save(after, events),
    };
  }

  private async lockAndTry(
    summonsId: string,
    attempt: Transition<SummonsSla> | null,
    timerKinds: readonly string[] | null | undefined,
  ): Promise<{ state: SummonsSla; transitioned: boolean } | null> {
    const { sql, params } = lockAndTrySql(this.lockAndTrying(summonsId, attempt, timerKinds));
    const { rows } = await runOn<Selectable<SummonsSlaTable> & { transitioned: boolean }>(
      this.sql.transactions.manager,
      sql,
      params,
    );
    return rows[0] ? { state: slaOf(rows[0]), transitioned: rows[0].transitioned } : null;
  }

  /**
   * The usual `attempt` on a summons, its timers cancelled first, as expressions of work tried as
   * one statement (a consumed batch of answers): the statement is refused, nothing written, unless
   * the summons is there and the attempt holds. `read` gets the row as it was, once it ran.
   */
  tryInto(
    statement: CteStatement,
    summonsId: string,
    attempt: Transition<SummonsSla>,
    timerKinds: readonly string[] | null | undefined,
    read: (sla: AnsweredSla) => void,
  ): void {
    const { transitioned } = lockAndTryInto(
      statement,
      this.lockAndTrying(summonsId, attempt, timerKinds),
      (row) => row && read(answeredSla.parse(row)),
    );
    statement.refuseUnless(transitioned);
  }

  private lockAndTrying(
    summonsId: string,
    attempt: Transition<SummonsSla> | null,
    timerKinds: readonly string[] | null | undefined,
  ): LockAndTryStatement<SummonsSla> {
    return {
      table: 'summons_sla',
      keyColumn: 'summons_id',
      id: summonsId,
      columns: COLUMNS,
      attempt,
      before:
        timerKinds === undefined
          ? undefined
          : (p) =>
              `UPDATE timers SET state = 'cancelled', generation = generation + 1
               WHERE subject = ${p.add(summonsId)} AND state = 'armed'
                 AND (${p.add(timerKinds)}::text[] IS NULL OR kind = ANY(${p.add(timerKinds)}::text[]))
               RETURNING 1`,
    };
  }

  /** The summons's row when it changed, then the breach and escalation rows the events stand for. */
  private async save(after: SummonsSla, events: SummonsSlaEvent[]): Promise<void> {
    await this.sql.db
      .updateTable('summons_sla')
      .set({
        state: after.state,
        acknowledged_at: after.acknowledgedAt,
        arrived_at: after.arrivedAt,
        warned_at: after.warnedAt,
        breach_id: after.breachId,
        escalation_level: after.escalationLevel,
      })
      .where('summons_id', '=', after.summonsId)
      .execute();
    const opened = this.openedBreach(after, events);
    if (opened) await this.sql.db.insertInto('breaches').values(breachRow(opened)).execute();
    for (const event of events) await this.saveSatellites(after, event, opened !== null);
  }

  /** The breach the events open, if any; closed already when a late arrival closes it in the same breath. */
  private openedBreach(sla: SummonsSla, events: SummonsSlaEvent[]): Breach | null {
    const breach = events.find((e) => e.type === 'DeadlineBreached');
    const late = events.find((e) => e.type === 'ArrivedLate');
    if (!breach) return null;
    const opened = this.newBreach(sla, breach);
    if (late?.type !== 'ArrivedLate' || late.breachId !== breach.breachId) return opened;
    // Breached and closed by one arrival: inserted closed, one statement instead of two.
    return {
      ...opened,
      state: 'late',
      arrivedAt: late.arrivedAt,
      latenessSeconds: late.latenessSeconds,
      closedAt: late.closedAt,
    };
  }

  private newBreach(sla: SummonsSla, event: Extract<SummonsSlaEvent, { type: 'DeadlineBreached' }>): Breach {
    return {
      id: event.breachId,
      summonsId: sla.summonsId,
      whistleId: sla.whistleId,
      caseId: sla.caseId,
      centerId: sla.centerId,
      departmentId: sla.departmentId,
      deadline: sla.deadline,
      breachedAt: event.at,
      state: 'open',
      arrivedAt: null,
      latenessSeconds: null,
      closedAt: null,
    };
  }

  private async saveSatellites(sla: SummonsSla, event: SummonsSlaEvent, opened: boolean): Promise<void> {
    const breaches = this.sql.db.updateTable('breaches');
    switch (event.type) {
      case 'ArrivedLate':
        if (!opened) await breaches.set(closedLate(event)).where('id', '=', event.breachId).execute();
        return;
      case 'BreachRetracted':
        await breaches
          .set({
            state: 'retracted',
            arrived_at: event.arrivedAt,
            lateness_seconds: 0,
            closed_at: event.retractedAt,
          })
          .where('id', '=', event.breachId)
          .execute();
        await this.sql.db
          .updateTable('escalations')
          .set({ state: 'withdrawn' })
          .where('breach_id', '=', event.breachId)
          .where('state', '=', 'open')
          .execute();
        return;
      case 'Withdrawn':
        if (!event.breachId) return;
        await breaches
          .set({ state: 'withdrawn', arrived_at: null, lateness_seconds: null, closed_at: event.at })
          .where('id', '=', event.breachId)
          .execute();
        // Nobody is expected any more (declined, replaced, stood down): nothing left to escalate.
        await this.sql.db
          .updateTable('escalations')
          .set({ state: 'withdrawn' })
          .where('breach_id', '=', event.breachId)
          .where('state', '=', 'open')
          .execute();
        return;
      case 'EscalationRaised':
        await this.sql.db
          .insertInto('escalations')
          .values({
            id: event.escalationId,
            breach_id: event.breachId,
            summons_id: sla.summonsId,
            whistle_id: sla.whistleId,
            case_id: sla.caseId,
            department_id: sla.departmentId,
            level: event.level,
            target_kind: event.target.kind,
            target_id: event.target.id,
            raised_at: event.at,
            state: 'open',
          })
          .onConflict((oc) => oc.columns(['breach_id', 'level']).doNothing())
          .execute();
        return;
      default:
        return;
    }
  }
}

function closedLate(event: Extract<SummonsSlaEvent, { type: 'ArrivedLate' }>) {
  return {
    state: 'late' as const,
    arrived_at: event.arrivedAt,
    lateness_seconds: event.latenessSeconds,
    closed_at: event.closedAt,
  };
}
