/** Given / when / then for the confirmation decider's specs: decided from commands, no database. */
import { DomainError } from '@chuishao/kernel';
import { LegalCalendar, days, seconds } from '@chuishao/legal-calendar';
import type { Agreement } from './agreement';
import type { CourtNotice } from './confirmation-request';
import {
  decide,
  evolve,
  type Confirmation,
  type ConfirmationCommand,
  type ConfirmationEvent,
} from './confirmation-request.decider';
import { DEADLINE_KINDS, type DeadlineKind } from './deadlines';

const DAY = 86_400;
export const calendar = new LegalCalendar();
/** Effective on Sunday 2026-11-01 (18:00 in Beijing); applications two days later. */
export const EFFECTIVE_AT = new Date('2026-11-01T10:00:00.000Z');
export const AT = new Date('2026-11-03T08:00:00.000Z');
export const AGREEMENT_ID = '0190a0b0-0000-7000-8000-0000000000a1';
export const REQUEST_ID = '0190a0b0-0000-7000-8000-0000000000b1';
export const COURT = 'court';
export const PARTIES = ['王某', '李某'];
export const later = (at: Date, ms: number) => new Date(at.getTime() + ms);

type RecordAgreement = Extract<ConfirmationCommand, { type: 'RecordAgreement' }>;

/** mediation's agreement, its window elapsed (30 × 24 h) so the arithmetic below is exact. */
export function recorded(
  overrides: Partial<RecordAgreement['agreement']> = {},
  window = seconds(30 * DAY),
): RecordAgreement {
  return {
    type: 'RecordAgreement',
    agreement: {
      agreementId: AGREEMENT_ID,
      caseId: 'c',
      mediationId: 'm',
      parties: PARTIES,
      mediatorId: 'med-1',
      matters: [{ category: 'compensation', description: 'medical costs' }],
      terms: 'pay 8000 yuan',
      amount: 8000,
      performanceDeadline: null,
      effectiveAt: EFFECTIVE_AT,
      correlationId: 'corr',
      ...overrides,
    } satisfies Omit<Agreement, 'windowClosesAt' | 'windowState'>,
    window,
    calendar,
    at: EFFECTIVE_AT,
  };
}

export function apply(
  overrides: Partial<Extract<ConfirmationCommand, { type: 'RequestConfirmation' }>> = {},
): ConfirmationCommand {
  return {
    type: 'RequestConfirmation',
    requestId: REQUEST_ID,
    courtId: COURT,
    consentingParties: PARTIES,
    filer: { role: 'mediator', id: 'med-1' },
    filerReachesCase: true,
    acceptance: days(3),
    calendar,
    correlationId: 'corr-apply',
    at: AT,
    ...overrides,
  };
}

export const filed = (at = AT, requestId = REQUEST_ID): ConfirmationCommand => ({
  type: 'RecordFiling',
  requestId,
  filingId: 'f',
  at,
});

export const filingFailed = (at = AT): ConfirmationCommand => ({
  type: 'RecordFilingFailure',
  requestId: REQUEST_ID,
  error: 'court down',
  retry: { baseMs: 1000, maxMs: 5000 },
  at,
});

let callbacks = 0;
/** A court's callback: a fresh callback id each time unless one is named. */
export function notice(
  n: CourtNotice,
  options: { callbackId?: string; alreadyReceived?: boolean; requestId?: string; courtId?: string } = {},
): ConfirmationCommand {
  return {
    type: 'ReceiveCourtNotice',
    courtId: options.courtId ?? COURT,
    callbackId: options.callbackId ?? `cb-${++callbacks}`,
    requestId: options.requestId ?? REQUEST_ID,
    filingId: null,
    notice: n,
    alreadyReceived: options.alreadyReceived ?? false,
    periods: { calendar, ruling: days(15), rulingExtension: days(10) },
    at: n.at,
  };
}

export const accepted = (at = AT, courtCaseNumber = 'N') => notice({ type: 'accepted', courtCaseNumber, at });
export const refused = (at = AT, reasons = ['not competent']) => notice({ type: 'refused', reasons, at });
export const extended = (at = AT) => notice({ type: 'ruling-extended', at });
export const ruled = (outcome: 'confirmed' | 'rejected', reasons: string[] = [], at = AT) =>
  notice({ type: 'ruled', outcome, reasons, at });

export const deadline = (kind: DeadlineKind, dueAt: Date, at = dueAt, subjectId = REQUEST_ID) => ({
  type: 'ReachDeadline' as const,
  kind,
  subjectId:
    kind === DEADLINE_KINDS.window || kind === DEADLINE_KINDS.windowReminder ? AGREEMENT_ID : subjectId,
  dueAt,
  at,
});

/** Given the agreement recorded, then these commands (each decided), when a command, then events. */
export function given(first: RecordAgreement = recorded(), ...history: ConfirmationCommand[]) {
  let state: Confirmation | null = null;
  for (const command of [first, ...history])
    state = decide(command, state).reduce<Confirmation | null>(evolve, state);
  const confirmation = state!;
  return {
    confirmation,
    request: confirmation.requests.find((r) => r.requestId === REQUEST_ID),
    when(command: ConfirmationCommand) {
      const events = decide(command, confirmation);
      const then = events.reduce<Confirmation>(evolve, confirmation);
      return { events, then, request: then.requests.find((r) => r.requestId === REQUEST_ID)! };
    },
  };
}

export const ofType = <T extends ConfirmationEvent['type']>(events: ConfirmationEvent[], type: T) =>
  events.find((e): e is Extract<ConfirmationEvent, { type: T }> => e.type === type)!;

/** The refusal a command throws, or null: code, kind and details. */
export function refusal(run: () => unknown): { code: string; kind: string; details?: unknown } | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { code: error.code, kind: error.kind, details: error.details };
  }
}
