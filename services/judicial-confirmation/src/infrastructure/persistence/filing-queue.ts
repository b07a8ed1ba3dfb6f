import { Injectable } from '@nestjs/common';
import type { ConfirmationRequest } from '../../domain/confirmation-request';
import { requestOfRow } from './confirmation-rows';
import { JudicialSql } from './schema';

/**
 * The applications still to file with the court: the `submitting` rows themselves are the queue
 * (nothing is lost across restarts), ordered by their next attempt.
 */
@Injectable()
export class FilingQueue {
  constructor(private readonly sql: JudicialSql) {}

  /**
   * Claims applications due for filing: each claimed row's next attempt moves `leaseMs` ahead, so
   * another pass (or instance) leaves it alone while this one talks to the court. Rows another
   * transaction holds (a notice or a filing being recorded) are skipped, not waited for.
   */
  async claimDue(now: Date, leaseMs: number, limit: number): Promise<ConfirmationRequest[]> {
    const due = await this.sql.db
      .selectFrom('confirmation_requests')
      .selectAll()
      .where('status', '=', 'submitting')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const leasedUntil = new Date(now.getTime() + leaseMs);
    await this.sql.db
      .updateTable('confirmation_requests')
      .set({ next_attempt_at: leasedUntil })
      .where(
        'request_id',
        'in',
        due.map((r) => r.request_id),
      )
      .execute();
    return due.map((r) => ({ ...requestOfRow(r), nextAttemptAt: leasedUntil }));
  }
}
