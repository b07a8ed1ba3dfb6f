/**
 * A confirmation application as the court's e-filing system sees it, in the shape of OASIS
 * LegalXML ECF filing review: submitted → accepted (docketed with a court case number) or refused,
 * then, once accepted, ruled: confirmed or rejected with reasons, possibly after an extension.
 */
export type FilingStatus = 'submitted' | 'accepted' | 'refused' | 'confirmed' | 'rejected';

export interface FilingApplication {
  /** The filer's own reference (judicial-confirmation's request id). */
  reference: string;
  agreementId: string;
  parties: string[];
  matters: Array<{ category: string; description: string }>;
  terms: string;
  callbackUrl: string;
}

export interface Filing {
  filingId: string;
  idempotencyKey: string;
  fingerprint: string;
  application: FilingApplication;
  status: FilingStatus;
  submittedAt: Date;
  courtCaseNumber: string | null;
  acceptedAt: Date | null;
  rulingDueAt: Date | null;
  extended: boolean;
  ruledAt: Date | null;
  reasons: string[];
}

/** Which applications the simulated court refuses, rejects or takes longer over: by their terms. */
export interface ReviewRules {
  refuseTermsMatching: string;
  rejectTermsMatching: string;
  extendTermsMatching: string;
}

function matches(pattern: string, text: string): boolean {
  return pattern !== '' && new RegExp(pattern).test(text);
}

export function acceptanceDecision(
  application: FilingApplication,
  rules: ReviewRules,
): { accept: true } | { accept: false; reasons: string[] } {
  if (matches(rules.refuseTermsMatching, application.terms))
    return { accept: false, reasons: ['The application falls outside the jurisdiction of this court'] };
  return { accept: true };
}

export function rulingDecision(
  application: FilingApplication,
  rules: ReviewRules,
): { outcome: 'confirmed' } | { outcome: 'rejected'; reasons: string[] } {
  if (matches(rules.rejectTermsMatching, application.terms))
    return {
      outcome: 'rejected',
      reasons: ['The agreed terms harm the lawful rights of a third party (Civil Procedure Law art. 358)'],
    };
  return { outcome: 'confirmed' };
}

export function wantsExtension(application: FilingApplication, rules: ReviewRules): boolean {
  return matches(rules.extendTermsMatching, application.terms);
}

/** Court case numbers in the Chinese style: (year) court code 民特 sequence. */
export function courtCaseNumber(year: number, courtCode: string, sequence: number): string {
  return `(${year})${courtCode}民特${sequence}号`;
}

/** The legal status a filer may read back (ECF GetFilingStatus). */
export function filingView(filing: Filing) {
  return {
    filingId: filing.filingId,
    reference: filing.application.reference,
    agreementId: filing.application.agreementId,
    status: filing.status,
    submittedAt: filing.submittedAt.toISOString(),
    courtCaseNumber: filing.courtCaseNumber,
    acceptedAt: filing.acceptedAt?.toISOString() ?? null,
    rulingDueAt: filing.rulingDueAt?.toISOString() ?? null,
    ruledAt: filing.ruledAt?.toISOString() ?? null,
    reasons: filing.reasons,
  };
}
