import type { AgreementMatterCategory } from '@chuishao/contracts';
import type { CourtNotice } from '../../domain/confirmation-request';

export const COURT_ADAPTER = Symbol.for('chuishao.judicial-confirmation.CourtAdapter');

/** What goes to the court: the application form and the agreement (no ID numbers or phones). */
export interface CourtApplication {
  /** Our request id: the court echoes it in every notice. */
  reference: string;
  agreementId: string;
  parties: string[];
  matters: Array<{ category: AgreementMatterCategory; description: string }>;
  terms: string;
}

export interface CourtFiling {
  filingId: string;
  status: string;
}

/** A notice as delivered to POST /court/callbacks, after its signature was checked. */
export interface ReceivedNotice {
  callbackId: string;
  filingId: string | null;
  reference: string;
  notice: CourtNotice;
}

/**
 * One court's e-filing system (ECF filing review): submit an application (idempotent per key:
 * the same key never files twice), read a filing's status, and read the notices it calls back
 * with. Throws CourtUnavailable when the court is down, slow or answers 5xx: the caller retries.
 */
export interface CourtAdapter {
  readonly courtId: string;
  submit(application: CourtApplication, idempotencyKey: string): Promise<CourtFiling>;
  status(filingId: string): Promise<CourtFiling & { courtCaseNumber: string | null }>;
  /** Throws InvalidError when the body is not a notice of this court. */
  readNotice(body: unknown): ReceivedNotice;
}

export class CourtUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CourtUnavailable';
  }
}
