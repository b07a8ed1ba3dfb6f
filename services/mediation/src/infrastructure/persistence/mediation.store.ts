import { Injectable } from '@nestjs/common';
import type { Transition } from '@chuishao/kernel';
import { changeStatementOf, type AggregateStore, type ChangeStatement } from '@chuishao/messaging';
import type { Mediation } from '../../domain/mediation';
import type { MediationEvent } from '../../domain/mediation.decider';
import {
  agreementRowOf,
  mediationOfRow,
  mediationRowOf,
  performanceRowOf,
  sessionRowOf,
} from './mediation-rows';
import { MediationSql } from './schema';

/**
 * Load with lock, save and insert of a mediation, for the CommandHandler. Every writer of a
 * mediation locks its row first, so a session, an agreement, a failure and a deadline queue up.
 */
@Injectable()
export class MediationStore implements AggregateStore<Mediation, MediationEvent> {
  constructor(private readonly sql: MediationSql) {}

  /** The Mediation decider names no usual event: there is never an attempt to try. */
  async lockAndTry(
    id: string,
    attempt: Transition<Mediation> | null,
  ): Promise<{ state: Mediation; transitioned: boolean } | null> {
    if (attempt) throw new Error('a mediation has no fast path: nothing to try while locking');
    const row = await this.sql.db
      .selectFrom('mediations')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? { state: mediationOfRow(row), transitioned: false } : null;
  }

  /** Writes what changes over a mediation's life, and the session, agreement or performance record an event adds. */
  async save(_before: Mediation, after: Mediation, events: MediationEvent[]): Promise<void> {
    if (events.some((e) => e.type === 'MediationOpened'))
      throw new Error('a new mediation is inserted (insert), not saved');
    const row = mediationRowOf(after);
    // What changes over a mediation's life; what it was opened with stays as inserted.
    const changing = {
      mediator_id: row.mediator_id,
      participants: row.participants,
      state: row.state,
      levels: row.levels,
      session_count: row.session_count,
      closed_at: row.closed_at,
      failure: row.failure,
      agreement_id: row.agreement_id,
      time_limit_missed_at: row.time_limit_missed_at,
      performance_due_at: row.performance_due_at,
      performance: row.performance,
    };
    await this.sql.db.updateTable('mediations').set(changing).where('id', '=', row.id).execute();
    for (const event of events) {
      if (event.type === 'SessionRecorded')
        await this.sql.db.insertInto('mediation_sessions').values(sessionRowOf(event.session)).execute();
      if (event.type === 'AgreementReached')
        await this.sql.db.insertInto('agreements').values(agreementRowOf(event.agreement)).execute();
      if (event.type === 'PerformanceRecorded')
        await this.sql.db
          .insertInto('agreement_performance_records')
          .values(performanceRowOf(event.record))
          .execute();
    }
  }

  /**
   * The statement that inserts a new mediation (its events join it, `AggregateCommands.create`).
   * It returns no row when the whistle already opened one or the case already has an open one
   * (the unique indexes decide, so two racing openings cannot both win).
   */
  insert(mediation: Mediation): ChangeStatement {
    return changeStatementOf(
      this.sql.db
        .insertInto('mediations')
        .values(mediationRowOf(mediation))
        .onConflict((oc) => oc.doNothing())
        .returning('id')
        .compile(),
    );
  }
}
