import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { z } from 'zod';
import { InvalidError } from '@chuishao/kernel';
import { JUDICIAL_SETTINGS, type JudicialSettings } from '../../application/judicial-settings';
import {
  CourtUnavailable,
  type CourtAdapter,
  type CourtApplication,
  type CourtFiling,
  type ReceivedNotice,
} from '../../application/ports/court-adapter';
import type { CourtNotice } from '../../domain/confirmation-request';

const filingSchema = z.object({
  filingId: z.string().min(1),
  status: z.string().min(1),
  courtCaseNumber: z.string().nullable().optional(),
});

const noticeSchema = z.object({
  callbackId: z.string().min(1).max(128),
  courtId: z.string().min(1).max(64),
  filingId: z.string().min(1).max(128).nullable(),
  reference: z.uuid(),
  courtCaseNumber: z.string().min(1).max(128).nullable(),
  type: z.enum(['accepted', 'refused', 'ruling-extended', 'ruled']),
  outcome: z.enum(['confirmed', 'rejected']).optional(),
  reasons: z.array(z.string().min(1).max(2000)).optional(),
  at: z.iso.datetime({ offset: true }),
});

/**
 * The court's e-filing system over HTTP (the court simulator speaks it): POST /filings with an
 * Idempotency-Key, GET /filings/:id, and the notices it posts back to /court/callbacks.
 */
@Injectable()
export class HttpCourtAdapter implements CourtAdapter {
  readonly courtId: string;

  constructor(
    @Inject(JUDICIAL_SETTINGS) private readonly settings: JudicialSettings,
    private readonly http: HttpAdapterHost,
  ) {
    this.courtId = settings.courtId;
  }

  async submit(application: CourtApplication, idempotencyKey: string): Promise<CourtFiling> {
    const body = await this.call(
      'POST',
      '/filings',
      { ...application, callbackUrl: this.callbackUrl() },
      {
        'idempotency-key': idempotencyKey,
      },
    );
    return filingSchema.parse(body);
  }

  async status(filingId: string): Promise<CourtFiling & { courtCaseNumber: string | null }> {
    const body = filingSchema.parse(await this.call('GET', `/filings/${encodeURIComponent(filingId)}`));
    return { ...body, courtCaseNumber: body.courtCaseNumber ?? null };
  }

  readNotice(raw: unknown): ReceivedNotice {
    const parsed = noticeSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const field = issue.path.map(String).join('.') || 'body';
      throw new InvalidError('INVALID_COURT_NOTICE', `${field}: ${issue.message}`, field);
    }
    const n = parsed.data;
    const at = new Date(n.at);
    let notice: CourtNotice;
    if (n.type === 'accepted') {
      if (!n.courtCaseNumber)
        throw new InvalidError(
          'INVALID_COURT_NOTICE',
          'courtCaseNumber: required on acceptance',
          'courtCaseNumber',
        );
      notice = { type: 'accepted', courtCaseNumber: n.courtCaseNumber, at };
    } else if (n.type === 'refused') {
      notice = { type: 'refused', reasons: n.reasons?.length ? n.reasons : ['refused by the court'], at };
    } else if (n.type === 'ruling-extended') {
      notice = { type: 'ruling-extended', at };
    } else {
      if (!n.outcome)
        throw new InvalidError('INVALID_COURT_NOTICE', 'outcome: required on a ruling', 'outcome');
      notice = {
        type: 'ruled',
        outcome: n.outcome,
        reasons: n.outcome === 'rejected' ? (n.reasons?.length ? n.reasons : ['rejected by the court']) : [],
        at,
      };
    }
    return { callbackId: n.callbackId, filingId: n.filingId, reference: n.reference, notice };
  }

  /** Where the court posts notices: configured, or this process's own address. */
  private callbackUrl(): string {
    if (this.settings.callbackUrl) return this.settings.callbackUrl;
    const address = this.http.httpAdapter.getHttpServer().address() as { port: number } | null;
    return `http://127.0.0.1:${address?.port ?? 3006}/court/callbacks`;
  }

  private async call(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<unknown> {
    // A plain timer rather than AbortSignal.timeout, which does not fire under every runtime
    // (Jest's environment among them) and would leave a slow court hanging the submitter.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), this.settings.submitter.requestTimeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.settings.courtUrl}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: abort.signal,
      });
      text = await response.text();
    } catch (error) {
      throw new CourtUnavailable(`court ${this.courtId} unreachable or slow: ${String(error)}`);
    } finally {
      clearTimeout(timer);
    }
    if (!response.ok)
      throw new CourtUnavailable(`court ${this.courtId} answered ${response.status}: ${text.slice(0, 200)}`);
    return text ? JSON.parse(text) : null;
  }
}
