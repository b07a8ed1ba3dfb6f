import { Injectable } from '@nestjs/common';
import type { AgreementMatterCategory } from '@chuishao/contracts';
import { TransactionHost } from '@chuishao/persistence';
import type { Agreement } from '../../domain/agreement';
import type { ConfirmationRequest, RequestStatus } from '../../domain/confirmation-request';

type Row = Record<string, unknown>;
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

function toAgreement(r: Row): Agreement {
  return {
    agreementId: r.agreement_id as string,
    caseId: r.case_id as string,
    mediationId: r.mediation_id as string,
    parties: r.parties as string[],
    mediatorId: r.mediator_id as string,
    matters: r.matters as Array<{ category: AgreementMatterCategory; description: string }>,
    terms: r.terms as string,
    amount: r.amount === null ? null : Number(r.amount),
    performanceDeadline: date(r.performance_deadline),
    effectiveAt: date(r.effective_at)!,
    windowClosesAt: date(r.window_closes_at)!,
    windowState: r.window_state as Agreement['windowState'],
    correlationId: r.correlation_id as string,
  };
}

function toRequest(r: Row): ConfirmationRequest {
  return {
    requestId: r.request_id as string,
    agreementId: r.agreement_id as string,
    caseId: r.case_id as string,
    courtId: r.court_id as string,
    consentingParties: r.consenting_parties as string[],
    requestedBy: r.requested_by as string,
    requestedAt: date(r.requested_at)!,
    status: r.status as RequestStatus,
    filingId: (r.filing_id as string | null) ?? null,
    courtCaseNumber: (r.court_case_number as string | null) ?? null,
    reasons: r.reasons as string[],
    submitAttempts: r.submit_attempts as number,
    nextAttemptAt: date(r.next_attempt_at),
    lastError: (r.last_error as string | null) ?? null,
    submittedAt: date(r.submitted_at),
    acceptedAt: date(r.accepted_at),
    rulingDueAt: date(r.ruling_due_at),
    rulingExtended: r.ruling_extended as boolean,
    ruledAt: date(r.ruled_at),
    correlationId: r.correlation_id as string,
  };
}

/** SQL over the ambient transaction (TransactionHost): every write joins the caller's unit of work. */
@Injectable()
export class JudicialRepository {
  constructor(private readonly transactions: TransactionHost) {}

  private query(sql: string, params: unknown[] = []): Promise<Row[]> {
    return this.transactions.manager.query(sql, params);
  }

  /** False when the agreement was already known (a redelivery from another path). */
  async insertAgreement(a: Agreement): Promise<boolean> {
    const rows = await this.query(
      `INSERT INTO agreements (agreement_id, case_id, mediation_id, parties, mediator_id, matters, terms,
         amount, performance_deadline, effective_at, window_closes_at, window_state, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       ON CONFLICT (agreement_id) DO NOTHING RETURNING agreement_id`,
      [
        a.agreementId,
        a.caseId,
        a.mediationId,
        JSON.stringify(a.parties),
        a.mediatorId,
        JSON.stringify(a.matters),
        a.terms,
        a.amount,
        a.performanceDeadline,
        a.effectiveAt,
        a.windowClosesAt,
        a.windowState,
        a.correlationId,
      ],
    );
    return rows.length === 1;
  }

  async agreement(agreementId: string, forUpdate = false): Promise<Agreement | null> {
    const rows = await this.query(
      `SELECT * FROM agreements WHERE agreement_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [agreementId],
    );
    return rows[0] ? toAgreement(rows[0]) : null;
  }

  async setWindowState(agreementId: string, state: Agreement['windowState']): Promise<void> {
    await this.query('UPDATE agreements SET window_state = $2 WHERE agreement_id = $1', [agreementId, state]);
  }

  async insertRequest(r: ConfirmationRequest): Promise<void> {
    await this.query(
      `INSERT INTO confirmation_requests (request_id, agreement_id, case_id, court_id, consenting_parties,
         requested_by, requested_at, status, next_attempt_at, correlation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        r.requestId,
        r.agreementId,
        r.caseId,
        r.courtId,
        JSON.stringify(r.consentingParties),
        r.requestedBy,
        r.requestedAt,
        r.status,
        r.nextAttemptAt,
        r.correlationId,
      ],
    );
  }

  async request(requestId: string, forUpdate = false): Promise<ConfirmationRequest | null> {
    const rows = await this.query(
      `SELECT * FROM confirmation_requests WHERE request_id = $1${forUpdate ? ' FOR UPDATE' : ''}`,
      [requestId],
    );
    return rows[0] ? toRequest(rows[0]) : null;
  }

  async requestsOf(agreementId: string): Promise<ConfirmationRequest[]> {
    const rows = await this.query(
      'SELECT * FROM confirmation_requests WHERE agreement_id = $1 ORDER BY requested_at',
      [agreementId],
    );
    return rows.map(toRequest);
  }

  /** The live (not refused) request of an agreement, if any. */
  async liveRequestOf(agreementId: string): Promise<ConfirmationRequest | null> {
    const rows = await this.query(
      `SELECT * FROM confirmation_requests WHERE agreement_id = $1 AND status <> 'refused'`,
      [agreementId],
    );
    return rows[0] ? toRequest(rows[0]) : null;
  }

  async saveRequest(r: ConfirmationRequest): Promise<void> {
    await this.query(
      `UPDATE confirmation_requests SET status = $2, filing_id = $3, court_case_number = $4, reasons = $5,
         submit_attempts = $6, next_attempt_at = $7, last_error = $8, submitted_at = $9, accepted_at = $10,
         ruling_due_at = $11, ruling_extended = $12, ruled_at = $13
       WHERE request_id = $1`,
      [
        r.requestId,
        r.status,
        r.filingId,
        r.courtCaseNumber,
        JSON.stringify(r.reasons),
        r.submitAttempts,
        r.nextAttemptAt,
        r.lastError,
        r.submittedAt,
        r.acceptedAt,
        r.rulingDueAt,
        r.rulingExtended,
        r.ruledAt,
      ],
    );
  }

  /**
   * Claims applications due for filing: each claimed row's next attempt moves `leaseMs` ahead, so
   * another pass (or instance) leaves it alone while this one talks to the court.
   */
  async claimDueFilings(now: Date, leaseMs: number, limit: number): Promise<ConfirmationRequest[]> {
    const due = await this.query(
      `SELECT * FROM confirmation_requests
       WHERE status = 'submitting' AND next_attempt_at <= $1
       ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, limit],
    );
    if (due.length === 0) return [];
    const leasedUntil = new Date(now.getTime() + leaseMs);
    await this.query('UPDATE confirmation_requests SET next_attempt_at = $2 WHERE request_id = ANY($1)', [
      due.map((r) => r.request_id),
      leasedUntil,
    ]);
    return due.map((r) => ({ ...toRequest(r), nextAttemptAt: leasedUntil }));
  }

  /** False when this court's callback was already acted on. */
  async recordCallback(
    courtId: string,
    callbackId: string,
    requestId: string,
    noticeType: string,
    effect: string,
    at: Date,
  ): Promise<boolean> {
    const rows = await this.query(
      `INSERT INTO court_callbacks (court_id, callback_id, request_id, notice_type, effect, received_at)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING callback_id`,
      [courtId, callbackId, requestId, noticeType, effect, at],
    );
    return rows.length === 1;
  }
}
