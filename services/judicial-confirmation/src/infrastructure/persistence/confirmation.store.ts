import { Injectable } from '@nestjs/common';
import type { Transition } from '@chuishao/kernel';
import type { AggregateStore } from '@chuishao/messaging';
import type { Agreement } from '../../domain/agreement';
import type { ConfirmationRequest } from '../../domain/confirmation-request';
import type { Confirmation, ConfirmationEvent } from '../../domain/confirmation-request.decider';
import { agreementOfRow, agreementRowOf, requestOfRow, requestRowOf } from './confirmation-rows';
import { JudicialSql } from './schema';

/** What a request's life changes; what it was made with stays as inserted. */
function changingColumns(r: ConfirmationRequest) {
  const row = requestRowOf(r);
  return {
    status: row.status,
    filing_id: row.filing_id,
    court_case_number: row.court_case_number,
    reasons: row.reasons,
    submit_attempts: row.submit_attempts,
    next_attempt_at: row.next_attempt_at,
    last_error: row.last_error,
    submitted_at: row.submitted_at,
    accepted_at: row.accepted_at,
    ruling_due_at: row.ruling_due_at,
    ruling_extended: row.ruling_extended,
    ruled_at: row.ruled_at,
    enforcement_last_day: row.enforcement_last_day,
    enforcement_closes_at: row.enforcement_closes_at,
    enforcement_counted_from: row.enforcement_counted_from,
  };
}

/**
 * Load with lock, save and insert of an agreement's confirmation, for the CommandHandler. Every
 * writer locks the agreement's row first, then its requests' rows (so the filing queue's claim,
 * which skips locked rows, leaves them alone): applications, filings, court notices and deadlines
 * of one agreement queue up, in one lock order.
 */
@Injectable()
export class ConfirmationStore implements AggregateStore<Confirmation, ConfirmationEvent> {
  constructor(private readonly sql: JudicialSql) {}

  /** The decider names no usual event: there is never an attempt to try. */
  async lockAndTry(
    agreementId: string,
    attempt: Transition<Confirmation> | null,
  ): Promise<{ state: Confirmation; transitioned: boolean } | null> {
    if (attempt) throw new Error('a confirmation has no fast path: nothing to try while locking');
    const agreement = await this.sql.db
      .selectFrom('agreements')
      .selectAll()
      .where('agreement_id', '=', agreementId)
      .forUpdate()
      .executeTakeFirst();
    if (!agreement) return null;
    // Read after the agreement's lock is held: what its previous holder committed is seen.
    const requests = await this.sql.db
      .selectFrom('confirmation_requests')
      .selectAll()
      .where('agreement_id', '=', agreementId)
      .orderBy('requested_at')
      .orderBy('request_id')
      .forUpdate()
      .execute();
    return {
      state: { agreement: agreementOfRow(agreement), requests: requests.map(requestOfRow) },
      transitioned: false,
    };
  }

  /** Writes what the events changed: the window's state, new and changed requests, callbacks acted on. */
  async save(before: Confirmation, after: Confirmation, events: ConfirmationEvent[]): Promise<void> {
    if (events.some((e) => e.type === 'AgreementRecorded'))
      throw new Error('a new agreement is inserted (insert), not saved');
    if (before.agreement.windowState !== after.agreement.windowState)
      await this.sql.db
        .updateTable('agreements')
        .set({ window_state: after.agreement.windowState })
        .where('agreement_id', '=', after.agreement.agreementId)
        .execute();
    for (const request of after.requests) await this.saveRequest(before.requests, request);
    for (const event of events)
      if (event.type === 'CourtNoticeReceived')
        await this.sql.db
          .insertInto('court_callbacks')
          .values({
            court_id: event.courtId,
            callback_id: event.callbackId,
            request_id: event.requestId,
            notice_type: event.noticeType,
            effect: event.effect,
            received_at: event.at,
          })
          .execute();
  }

  private async saveRequest(before: ConfirmationRequest[], request: ConfirmationRequest): Promise<void> {
    const previous = before.find((r) => r.requestId === request.requestId);
    if (!previous) {
      await this.sql.db.insertInto('confirmation_requests').values(requestRowOf(request)).execute();
      return;
    }
    const changing = changingColumns(request);
    if (JSON.stringify(changing) === JSON.stringify(changingColumns(previous))) return;
    await this.sql.db
      .updateTable('confirmation_requests')
      .set(changing)
      .where('request_id', '=', request.requestId)
      .execute();
  }

  /** False when the agreement was already known (AgreementReached delivered again). */
  async insert(agreement: Agreement): Promise<boolean> {
    const inserted = await this.sql.db
      .insertInto('agreements')
      .values(agreementRowOf(agreement))
      .onConflict((oc) => oc.column('agreement_id').doNothing())
      .returning('agreement_id')
      .execute();
    return inserted.length === 1;
  }

  /** The agreement a request belongs to (it never changes), to lock the request's aggregate by. */
  async agreementOfRequest(requestId: string): Promise<string | null> {
    const row = await this.sql.db
      .selectFrom('confirmation_requests')
      .select('agreement_id')
      .where('request_id', '=', requestId)
      .executeTakeFirst();
    return row?.agreement_id ?? null;
  }

  /** Whether this court's callback was acted on already (read under the agreement's lock). */
  async callbackReceived(courtId: string, callbackId: string): Promise<boolean> {
    const row = await this.sql.db
      .selectFrom('court_callbacks')
      .select('callback_id')
      .where('court_id', '=', courtId)
      .where('callback_id', '=', callbackId)
      .executeTakeFirst();
    return row !== undefined;
  }
}
