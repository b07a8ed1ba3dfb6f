import { Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@chuishao/contracts';
import type { Transition } from '@chuishao/kernel';
import { OutboxWriter, type AggregateStore } from '@chuishao/messaging';
import { Parameters, transitionSql } from '@chuishao/persistence';
import { sql, type RawBuilder } from 'kysely';
import { z } from 'zod';
import type { Summons } from '../../domain/summons';
import {
  evolve,
  summonsTransition,
  type SummonsAnswered,
  type SummonsEvent,
} from '../../domain/summons.decider';
import { SummonsFactsCache } from './summons-facts';
import { SUMMONS_COLUMNS, answerColumnsOf, summonsOfRow, summonsRowOf } from './summons-rows';
import { DepartmentSql } from './schema';

/** A summons just stored, and whether the directory knows the department it summons. */
export interface StoredSummons {
  summons: Summons;
  departmentKnown: boolean;
}

const insertedRow = z.object({ id: z.string(), known: z.boolean() });

/**
 * The summons' writes: load with lock and save for the CommandHandler, the one-statement fast
 * path of an answer, and the insert of new summons. Every statement runs in the ambient
 * transaction (TransactionHost), or alone outside any.
 */
@Injectable()
export class SummonsStore implements AggregateStore<Summons, SummonsEvent> {
  constructor(
    private readonly sql: DepartmentSql,
    private readonly outbox: OutboxWriter,
    private readonly facts: SummonsFactsCache,
  ) {}

  /** Reads and locks the summons, trying `attempt` on it in the same statement. */
  async lockAndTry(
    id: string,
    attempt: Transition<Summons> | null,
  ): Promise<{ state: Summons; transitioned: boolean } | null> {
    const locked = await this.sql.lockAndTry('summons', id, SUMMONS_COLUMNS, attempt);
    return locked && { state: summonsOfRow(locked.row), transitioned: locked.transitioned };
  }

  /** What the answers changed (a notification is inserted by `insertNew`, never saved). */
  async save(_before: Summons, after: Summons, events: SummonsEvent[]): Promise<void> {
    if (events.some((e) => e.type === 'SummonsNotified'))
      throw new Error('a new summons is inserted (insertNew), not saved');
    await this.sql.db.updateTable('summons').set(answerColumnsOf(after)).where('id', '=', after.id).execute();
  }

  /**
   * The fast path of an answer: its transition as a conditional UPDATE (WHERE and SET generated
   * from the decider's table, which names the department too) and `events` appended to the
   * outbox only if it was written, all in ONE statement (`OutboxWriter.appendWithChange`),
   * atomic without BEGIN and COMMIT. A concurrent answer's commit makes the UPDATE check its
   * guard again against the new status, so of two only one passes. Answers the summons as it now
   * stands, or null with nothing written (no such summons, another department's, or past that step).
   */
  async tryAnswer(event: SummonsAnswered, events: EventEnvelope[]): Promise<Summons | null> {
    const p = new Parameters();
    const { where, set } = transitionSql(summonsTransition(event), SUMMONS_COLUMNS, p, {
      guarded: 'summons',
      target: 'summons',
    });
    const change = {
      sql: `UPDATE summons SET ${set} WHERE id = ${p.add(event.summonsId)} AND ${where} RETURNING *`,
      params: p.values,
    };
    const rows = await this.outbox.appendWithChange<unknown>(this.sql.transactions.manager, change, events);
    return rows.length > 0 ? evolve(summonsOfRow(rows[0]), event) : null;
  }

  /**
   * Inserts the summons not stored yet, in one statement, and answers which were new and whether
   * the directory knows their department (the receiver warns if not). A summons id already present
   * (the same summons published again under another event id) is left as it is. `alongside`: a
   * scalar subquery that needs nothing of the insert (the directory read that planning their
   * notifications needs), read by the same statement, one round trip for both; its value comes
   * back when a summons was new (none new: nothing is planned).
   */
  async insertNew(
    summons: readonly Summons[],
    alongside?: RawBuilder<unknown>,
  ): Promise<{ stored: StoredSummons[]; alongside: unknown }> {
    if (summons.length === 0) return { stored: [], alongside: null };
    const rows = await this.sql.db
      .with('inserted', (db) =>
        db
          .insertInto('summons')
          .values(summons.map(summonsRowOf))
          .onConflict((oc) => oc.doNothing())
          .returning(['id', 'department_id']),
      )
      .selectFrom('inserted as i')
      .select([
        'i.id',
        sql<boolean>`EXISTS (SELECT 1 FROM departments d WHERE d.id = i.department_id)`.as('known'),
        // An uncorrelated subquery: PostgreSQL evaluates it once, however many rows.
        (alongside ?? sql`NULL`).as('alongside'),
      ])
      .execute();
    for (const one of summons) this.facts.remember(one);
    const known = new Map(
      rows.map((row) => insertedRow.parse(row)).map((r) => [r.id.toLowerCase(), r.known]),
    );
    const stored: StoredSummons[] = [];
    for (const one of summons) {
      const departmentKnown = known.get(one.id.toLowerCase());
      if (departmentKnown === undefined) continue;
      known.delete(one.id.toLowerCase()); // the same id twice in one call is stored once
      stored.push({ summons: one, departmentKnown });
    }
    return { stored, alongside: rows[0]?.alongside ?? null };
  }
}
