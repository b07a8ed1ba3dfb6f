import { Injectable } from '@nestjs/common';
import type { Transition } from '@chuishao/kernel';
import { changeStatementOf, type AggregateStore, type ChangeStatement } from '@chuishao/messaging';
import { Parameters, runOn, transitionSql, type CteStatement } from '@chuishao/persistence';
import { z } from 'zod';
import type { KnownCase } from '../../domain/known-case';
import type { Summons, Whistle } from '../../domain/whistle';
import { summonsTransition, type WhistleEvent } from '../../domain/whistle.decider';
import { DispatchSql } from './schema';
import { tryAnswerInto } from './answer-try';
import {
  SUMMONS_TRANSITION_COLUMNS,
  summonsRowOf,
  whistleOfJoinedRows,
  whistleRowOf,
  whistleWithSummonsSql,
} from './whistle-rows';

const lockOutcome = z.object({ locked_id: z.string(), transitioned: z.boolean() });

/**
 * One statement: lock the whistle's row, try `change` on one of its summons (its WHERE and SET
 * generated from the decider's transition), and, with `readsBefore`, read the whistle as the
 * statement's snapshot has it, before the change. No row: no such whistle.
 */
function lockAndTryStatement(
  whistleId: string,
  change: { summonsId: string; transition: Transition<Summons> } | null,
  readsBefore: boolean,
): { sql: string; params: unknown[] } {
  const p = new Parameters();
  const id = p.add(whistleId);
  const ctes = [`locked AS (SELECT id FROM whistles WHERE id = ${id} FOR UPDATE)`];
  let transitioned = 'FALSE';
  if (change) {
    const { where, set } = transitionSql(change.transition, SUMMONS_TRANSITION_COLUMNS, p, {
      guarded: 's',
      target: 's',
    });
    ctes.push(
      `tried AS (UPDATE whistle_summons s SET ${set} FROM locked
         WHERE s.id = ${p.add(change.summonsId)} AND s.whistle_id = locked.id AND ${where} RETURNING s.id)`,
    );
    transitioned = 'EXISTS (SELECT 1 FROM tried)';
  }
  const before = readsBefore
    ? {
        columns: ', before.*',
        join: ` LEFT JOIN (${whistleWithSummonsSql(id)}) before ON true ORDER BY before.s_position`,
      }
    : { columns: '', join: '' };
  return {
    sql: `WITH ${ctes.join(', ')}
          SELECT locked.id AS locked_id, ${transitioned} AS transitioned${before.columns} FROM locked${before.join}`,
    params: p.values,
  };
}

/**
 * The whistles whose row lock the ambient transaction holds (TransactionHost.transactionLocal).
 * It lives and dies with its transaction, so a rolled-back batch, retried in fresh transactions,
 * starts with nothing held.
 */
const LOCKED_WHISTLES = Symbol('whistles locked in this transaction');

/**
 * Load with lock, save and insert of a whistle, for the CommandHandler. Every writer of a whistle's
 * summons locks the whistle's row first, so answers, a reassignment and a completion queue up.
 */
@Injectable()
export class WhistleStore {
  constructor(private readonly sql: DispatchSql) {}

  /**
   * The store for one command. `usual`: the event the command usually causes (an answer), whose
   * summons transition the locking statement tries; the CommandHandler's own attempt is the
   * whistle row's part of it, which for an answer changes nothing.
   */
  trying(usual: WhistleEvent | null): AggregateStore<Whistle, WhistleEvent> {
    return {
      lockAndTry: (id) => this.lockAndTry(id, usual),
      save: (_before, after, events) => this.save(after, events),
      saveStatement: (_before, after, events) => this.completionStatement(after, events),
    };
  }

  /** An answer's usual transition tried into work tried as one statement (answer-try.ts). */
  tryAnswerInto(
    statement: CteStatement,
    whistleId: string,
    change: { summonsId: string; transition: Transition<Summons> },
  ): void {
    tryAnswerInto(statement, whistleId, change);
  }

  /**
   * A completion alone is one UPDATE of the whistle's row: the CommandHandler writes it with its
   * WhistleCompleted in one statement. Anything else is saved by `save`.
   */
  private completionStatement(after: Whistle, events: WhistleEvent[]): ChangeStatement | null {
    if (events.length !== 1 || events[0].type !== 'WhistleCompleted') return null;
    return changeStatementOf(
      this.sql.db
        .updateTable('whistles')
        .set({ status: after.status, completed_at: after.completedAt })
        .where('id', '=', after.id)
        .returning('id')
        .compile(),
    );
  }

  /**
   * Locks the whistle and tries `usual`'s summons transition, in one statement. A statement that
   * waited for the lock read from a snapshot taken before the wait, missing what the lock's
   * previous holder wrote; its read is current only when this transaction held the lock already
   * (an earlier event of the consumer's batch took it). Otherwise the whistle is read afresh,
   * now that the lock is held, whenever something is decided on it: after an arrival (whether it
   * completes the whistle) or a refused attempt. An acknowledgement or decline that was written
   * decides nothing further, so its state is the statement's (others' summons may be older).
   * A state read after the attempt already holds it: its transition, applied again, changes nothing.
   */
  private async lockAndTry(
    whistleId: string,
    usual: WhistleEvent | null,
  ): Promise<{ state: Whistle; transitioned: boolean } | null> {
    const current = this.holdsLock(whistleId);
    const change = usual && summonsTransition(usual);
    const readsBefore = current || (change !== null && usual?.type !== 'ArrivalRecorded');
    const statement = lockAndTryStatement(whistleId, change, readsBefore);
    const { rows } = await runOn<Record<string, unknown>>(
      this.sql.transactions.manager,
      statement.sql,
      statement.params,
    );
    if (rows.length === 0) return null;
    const outcome = lockOutcome.parse(rows[0]);
    this.noteLock(outcome.locked_id);
    const stale = !readsBefore || (!current && !outcome.transitioned);
    const state = stale ? await this.read(whistleId) : whistleOfJoinedRows(rows);
    return state && { state, transitioned: outcome.transitioned };
  }

  /** The whistle as it stands (the lock held, or for a read that needs none). */
  async read(whistleId: string): Promise<Whistle | null> {
    const p = new Parameters();
    const statement = `${whistleWithSummonsSql(p.add(whistleId))} ORDER BY s.position`;
    const { rows } = await runOn<Record<string, unknown>>(this.sql.transactions.manager, statement, p.values);
    return whistleOfJoinedRows(rows);
  }

  /** What each event changed: the summons it moved, the one it added (a replacement, more hands), the whistle's completion. */
  private async save(after: Whistle, events: WhistleEvent[]): Promise<void> {
    for (const event of events) {
      const change = summonsTransition(event);
      const moved = change && after.summons.find((s) => s.id === change.summonsId);
      if (moved) await this.updateSummons(after.id, moved, after.summons.indexOf(moved));
      const added =
        event.type === 'DepartmentReassigned'
          ? event.replacement
          : event.type === 'SummonsAdded'
            ? event.summons
            : null;
      if (added) {
        const position = after.summons.findIndex((s) => s.id === added.id);
        await this.sql.db
          .insertInto('whistle_summons')
          .values(summonsRowOf(after.id, added, position))
          .execute();
      }
      if (event.type === 'WhistleCompleted')
        await this.sql.db
          .updateTable('whistles')
          .set({ status: after.status, completed_at: after.completedAt })
          .where('id', '=', after.id)
          .execute();
    }
  }

  private async updateSummons(whistleId: string, summons: Summons, position: number): Promise<void> {
    const { id, whistle_id, position: _position, ...fields } = summonsRowOf(whistleId, summons, position);
    await this.sql.db
      .updateTable('whistle_summons')
      .set(fields)
      .where('id', '=', id)
      .where('whistle_id', '=', whistle_id)
      .execute();
  }

  /**
   * The statement that inserts a blown whistle and all its summons (its events join it,
   * `AggregateCommands.create`), taking the case's row lock as it does. It inserts nothing, and
   * returns no row, when the case has changed since `read` in a way that decides the whistle:
   * closed, or referred to another center (the operator's reach was checked against `read`). The
   * lock's wait ends with the row as committed, so a change committed in the meantime is seen. Nor
   * when the case already has an open whistle: the partial unique index decides, so even one
   * committed since the read is caught.
   */
  insert(whistle: Whistle, read: KnownCase): ChangeStatement {
    const p = new Parameters();
    // Rows of the tables' own types from JSON: one parameter for any number of summons.
    const summons = whistle.summons.map((s, position) => summonsRowOf(whistle.id, s, position));
    const ctes = `kase AS (
        SELECT case_id FROM known_cases
        WHERE case_id = ${p.add(read.caseId)} AND NOT closed
          AND center_id = ${p.add(read.centerId)} AND center_path = ${p.add(read.centerPath)}::text[]
        FOR UPDATE
      ), whistle AS (
        INSERT INTO whistles
        SELECT w.* FROM kase, jsonb_populate_record(NULL::whistles, ${p.add(JSON.stringify(whistleRowOf(whistle)))}::jsonb) w
        ON CONFLICT (case_id) WHERE status = 'open' DO NOTHING
        RETURNING id
      ), summons AS (
        INSERT INTO whistle_summons
        SELECT s.* FROM whistle, jsonb_populate_recordset(NULL::whistle_summons, ${p.add(JSON.stringify(summons))}::jsonb) s
      )`;
    return { ctes, sql: 'SELECT id FROM whistle', params: p.values };
  }

  private holdsLock(whistleId: string): boolean {
    return this.lockedWhistles()?.has(whistleId.toLowerCase()) ?? false;
  }

  /** Outside a transaction a statement's lock ends with it: nothing to remember. */
  private noteLock(whistleId: string): void {
    this.lockedWhistles()?.add(whistleId.toLowerCase());
  }

  private lockedWhistles(): Set<string> | undefined {
    return this.sql.transactions.transactionLocal(LOCKED_WHISTLES, () => new Set<string>());
  }
}
