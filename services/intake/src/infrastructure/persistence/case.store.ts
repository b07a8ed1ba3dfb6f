import { Injectable } from '@nestjs/common';
import type { ColumnsOf, Transition } from '@chuishao/kernel';
import type { AggregateStore } from '@chuishao/messaging';
import { lockAndTrySql, runOn, tryEachInto, type CteStatement } from '@chuishao/persistence';
import { CASE_STATUSES, type CaseStatus } from '../../domain/case-status';
import type { CaseEvent, CaseState } from '../../domain/case.decider';
import type { RecordProgress } from '../../domain/case-progress';
import type { DisputeCase } from '../../domain/dispute-case';
import { CaseRepository } from './case.repository';
import { IntakeSql, type CasesTable } from './schema';

/** The columns of the case fields the decider's transitions read and write. */
const CASE_COLUMNS: ColumnsOf<CaseState> = {
  centerId: 'center_id',
  status: 'status',
  statusChangedAt: 'status_changed_at',
  closedAt: 'closed_at',
  closeReason: 'close_reason',
  followUpDueAt: 'follow_up_due_at',
  followedUpAt: 'followed_up_at',
};

type LockedRow = CasesTable & { transitioned: boolean };

/** A progress report waiting for its transaction's end, and what to do when there is no such case. */
export interface QueuedProgress {
  caseId: string;
  move: RecordProgress;
  whenUnknown: () => void;
}

/** The transition that a case's reports of one transaction make, decided by the caller (the decider). */
export type ProgressAttempt = (moves: RecordProgress[]) => Transition<CaseState>;

const PENDING_PROGRESS = Symbol('progress reports waiting for the commit');

function caseStatusOf(value: string): CaseStatus {
  if (!(CASE_STATUSES as readonly string[]).includes(value))
    throw new Error(`a case row holds the status ${value}, which is not a case status`);
  return value as CaseStatus;
}

function stateOfRow(row: CasesTable): CaseState {
  return {
    id: row.id,
    caseNo: row.case_no,
    centerId: row.center_id,
    status: caseStatusOf(row.status),
    statusChangedAt: row.status_changed_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    followUpDueAt: row.follow_up_due_at,
    followedUpAt: row.followed_up_at,
  };
}

/**
 * Load with lock, save and insert of a case, for the CommandHandler. Every writer of a case locks
 * its row first, so a close, a ruling and the progress other services report queue up; progress
 * (the usual event) is tried in the locking statement itself.
 */
@Injectable()
export class CaseStore implements AggregateStore<CaseState, CaseEvent> {
  constructor(
    private readonly sql: IntakeSql,
    private readonly cases: CaseRepository,
  ) {}

  async lockAndTry(
    id: string,
    attempt: Transition<CaseState> | null,
  ): Promise<{ state: CaseState; transitioned: boolean } | null> {
    const statement = lockAndTrySql({ table: 'cases', keyColumn: 'id', id, columns: CASE_COLUMNS, attempt });
    const { rows } = await runOn<LockedRow>(this.sql.transactions.manager, statement.sql, statement.params);
    const row = rows[0];
    return row ? { state: stateOfRow(row), transitioned: row.transitioned } : null;
  }

  /**
   * Tries a progress report with every other one of the ambient transaction, in one statement
   * just before it commits: the consumer hands a batch of events to the handlers in one
   * transaction, and a statement per report was intake's one count issue 18 made worse. Each
   * case's reports become one transition (`attemptOf`, the decider's), tried on its row.
   */
  progressAtCommit(queued: QueuedProgress, attemptOf: ProgressAttempt): Promise<void> {
    return this.sql.transactions.collectIntoStatement<QueuedProgress>(
      PENDING_PROGRESS,
      queued,
      (statement, all) => this.tryAll(statement, all, attemptOf),
    );
  }

  private tryAll(statement: CteStatement, queued: QueuedProgress[], attemptOf: ProgressAttempt): void {
    const byCase = new Map<string, QueuedProgress[]>();
    for (const q of queued) byCase.set(q.caseId, [...(byCase.get(q.caseId) ?? []), q]);
    const attempts = [...byCase].map(([id, reports]) => ({
      id,
      attempt: attemptOf(reports.map((r) => r.move)),
    }));
    tryEachInto(statement, { table: 'cases', keyColumn: 'id', columns: CASE_COLUMNS, attempts }, (keys) => {
      const known = new Set(keys);
      for (const q of queued) if (!known.has(q.caseId)) q.whenUnknown();
    });
  }

  /** Writes the case's changing fields; a registration is inserted (insert), never saved. */
  async save(_before: CaseState, after: CaseState, events: CaseEvent[]): Promise<void> {
    if (events.some((e) => e.type === 'CaseRegistered'))
      throw new Error('a new case is inserted (insert), not saved');
    await this.sql.db
      .updateTable('cases')
      .set({
        center_id: after.centerId,
        status: after.status,
        status_changed_at: after.statusChangedAt,
        closed_at: after.closedAt,
        close_reason: after.closeReason,
        follow_up_due_at: after.followUpDueAt,
        followed_up_at: after.followedUpAt,
      })
      .where('id', '=', after.id)
      .execute();
  }

  /** A new case and its parties (their ID numbers and phones encrypted by the repository). */
  insert(dispute: DisputeCase): Promise<void> {
    return this.cases.insert(dispute);
  }
}
