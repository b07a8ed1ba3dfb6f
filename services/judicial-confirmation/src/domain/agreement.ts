import { UNCONFIRMABLE_MATTER_CATEGORIES, type AgreementMatterCategory } from '@chuishao/contracts';
import { ConflictError, InvalidError } from '@chuishao/kernel';
import type { LegalCalendar, LegalPeriod, PeriodEnd } from '@chuishao/legal-calendar';

/** A signed mediation agreement as this service keeps it (from AgreementReached). */
export interface Agreement {
  agreementId: string;
  caseId: string;
  mediationId: string;
  parties: string[];
  mediatorId: string;
  matters: Array<{ category: AgreementMatterCategory; description: string }>;
  terms: string;
  amount: number | null;
  performanceDeadline: Date | null;
  effectiveAt: Date;
  /** The end of the window (30 days on the legal calendar): no application is accepted after it. */
  windowClosesAt: Date;
  /** open → applied (a request was made) or missed (the window closed first). */
  windowState: 'open' | 'applied' | 'missed';
  correlationId: string;
}

/**
 * The parties' window closes at the end of the period from the day the agreement took effect
 * (counted from the next day; a last day on a rest day moves to the next working day).
 */
export function windowCloseOf(effectiveAt: Date, window: LegalPeriod, calendar: LegalCalendar): PeriodEnd {
  return calendar.endOf(effectiveAt, window);
}

/** Matters a court will not confirm: identity, adoption and marriage relationships. */
export function unconfirmableMatters(agreement: Pick<Agreement, 'matters'>): AgreementMatterCategory[] {
  return [
    ...new Set(
      agreement.matters
        .map((m) => m.category)
        .filter((c) => (UNCONFIRMABLE_MATTER_CATEGORIES as readonly string[]).includes(c)),
    ),
  ];
}

/**
 * Who may file for confirmation: a mediator only for an agreement they mediated (its mediator in
 * charge signed it); the center's clerk files on the parties' behalf.
 */
export function mayFile(agreement: Agreement, actor: { role: string; id: string }): boolean {
  return actor.role !== 'mediator' || agreement.mediatorId === actor.id;
}

/**
 * Whether the parties may apply now (People's Mediation Law art. 33, Civil Procedure Law
 * arts. 205-206 and interpretation art. 357): jointly — every party consents —, within the window
 * from the effective date, on matters a court confirms. Judged from the stored effective date
 * and the clock, not from the window timer, so a request racing the timer is judged the same way.
 * Throws the first reason it may not; `consentingParties` naming someone who is not a party is
 * the caller's mistake (400), a party missing from them is a refusal (409).
 */
export function assertMayApply(agreement: Agreement, consentingParties: string[], now: Date): void {
  const parties = new Set(agreement.parties);
  const strangers = consentingParties.filter((name) => !parties.has(name));
  if (strangers.length > 0)
    throw new InvalidError(
      'NOT_A_PARTY',
      `consentingParties: ${strangers.join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not a party to the agreement`,
      'consentingParties',
    );
  if (now.getTime() > agreement.windowClosesAt.getTime())
    throw new ConflictError(
      'CONFIRMATION_WINDOW_CLOSED',
      `the 30-day window for judicial confirmation closed at ${agreement.windowClosesAt.toISOString()}`,
      { windowClosesAt: agreement.windowClosesAt.toISOString() },
    );
  const refused = unconfirmableMatters(agreement);
  if (refused.length > 0)
    throw new ConflictError(
      'MATTER_NOT_CONFIRMABLE',
      `a court does not confirm agreements on ${refused.join(', ')}`,
      { categories: refused },
    );
  const consenting = new Set(consentingParties);
  const missing = agreement.parties.filter((name) => !consenting.has(name));
  if (missing.length > 0)
    throw new ConflictError(
      'CONSENT_MISSING',
      `every party must consent to the application; missing: ${missing.join(', ')}`,
      { missing },
    );
}
