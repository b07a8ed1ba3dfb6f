import { ConflictError, InvalidError } from '@chuishao/kernel';

/**
 * A summons (召集令) is one department's part of a whistle: it is notified, its liaison
 * acknowledges (someone is on the way), then reports arrival on site (报到); or declines with a
 * reason, which the operator resolves by reassigning to another department (a new summons).
 *
 *   notified ──► acknowledged ──► arrived
 *      │  └───────────────────────▲  (a liaison may report arrival without acknowledging first)
 *      └──────────┴──► declined
 */
export const SUMMONS_STATUSES = ['notified', 'acknowledged', 'arrived', 'declined'] as const;
export type SummonsStatus = (typeof SUMMONS_STATUSES)[number];

export const MAX_TEXT_LENGTH = 1000;

export interface Summons {
  id: string;
  whistleId: string;
  caseId: string;
  /** Null only when a reassignment arrived for a whistle this service never saw. */
  caseNo: string | null;
  departmentId: string;
  /** The governance center that blew the whistle: where to report. Null when not known. */
  centerId: string | null;
  status: SummonsStatus;
  arrivalDeadline: Date;
  notifiedAt: Date;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  arrivalNote: string | null;
  declinedAt: Date | null;
  declineReason: string | null;
}

/** What each transition guarantees, so callers need no null checks on the stamp it just set. */
export type AcknowledgedSummons = Summons & { status: 'acknowledged'; acknowledgedAt: Date };
export type ArrivedSummons = Summons & { status: 'arrived'; arrivedAt: Date };
export type DeclinedSummons = Summons & { status: 'declined'; declinedAt: Date; declineReason: string };

export interface NewSummons {
  id: string;
  whistleId: string;
  caseId: string;
  caseNo: string | null;
  departmentId: string;
  centerId: string | null;
  arrivalDeadline: Date;
  notifiedAt: Date;
}

export function notifySummons(input: NewSummons): Summons {
  return {
    ...input,
    status: 'notified',
    acknowledgedAt: null,
    arrivedAt: null,
    arrivalNote: null,
    declinedAt: null,
    declineReason: null,
  };
}

export function isSummonsStatus(value: unknown): value is SummonsStatus {
  return typeof value === 'string' && (SUMMONS_STATUSES as readonly string[]).includes(value);
}

/**
 * The conflict of acting on a summons that is already past the step asked for. The codes are
 * stable: a liaison's client branches on them (e.g. a retried acknowledge that already landed).
 */
function alreadyPast(summons: Summons): ConflictError {
  switch (summons.status) {
    case 'acknowledged':
      return new ConflictError(
        'SUMMONS_ALREADY_ACKNOWLEDGED',
        `summons ${summons.id} is already acknowledged`,
      );
    case 'arrived':
      return new ConflictError(
        'SUMMONS_ALREADY_ARRIVED',
        `summons ${summons.id} has already reported arrival`,
      );
    case 'declined':
      return new ConflictError(
        'SUMMONS_DECLINED',
        `summons ${summons.id} was declined; the operator reassigns it`,
      );
    case 'notified':
      // Every transition accepts a notified summons, so this cannot be why one was refused.
      throw new Error(`summons ${summons.id} is notified: no transition refuses that`);
  }
}

export function acknowledgeSummons(summons: Summons, at: Date): AcknowledgedSummons {
  if (summons.status !== 'notified') throw alreadyPast(summons);
  return { ...summons, status: 'acknowledged', acknowledgedAt: at };
}

export function reportArrival(summons: Summons, at: Date, note?: string | null): ArrivedSummons {
  if (summons.status !== 'notified' && summons.status !== 'acknowledged') throw alreadyPast(summons);
  const trimmed = note?.trim() ?? '';
  if (trimmed.length > MAX_TEXT_LENGTH) {
    throw new InvalidError('ARRIVAL_NOTE_TOO_LONG', `must be at most ${MAX_TEXT_LENGTH} characters`, 'note');
  }
  return { ...summons, status: 'arrived', arrivedAt: at, arrivalNote: trimmed === '' ? null : trimmed };
}

export function declineSummons(summons: Summons, at: Date, reason: string): DeclinedSummons {
  const trimmed = reason.trim();
  // The reason is checked first: an empty reason is the caller's mistake whatever the state.
  if (trimmed === '')
    throw new InvalidError('DECLINE_REASON_REQUIRED', 'a reason is required to decline a summons', 'reason');
  if (trimmed.length > MAX_TEXT_LENGTH) {
    throw new InvalidError(
      'DECLINE_REASON_TOO_LONG',
      `must be at most ${MAX_TEXT_LENGTH} characters`,
      'reason',
    );
  }
  if (summons.status !== 'notified' && summons.status !== 'acknowledged') throw alreadyPast(summons);
  return { ...summons, status: 'declined', declinedAt: at, declineReason: trimmed };
}
