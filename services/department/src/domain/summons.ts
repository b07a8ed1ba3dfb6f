import { ConflictError, InvalidError } from '@chuishao/kernel';
import { SUMMONS_ANSWER_APPLIES_FROM, summonsAnswerApplies, type SummonsStatus } from '@chuishao/contracts';

/**
 * A summons (召集令) is one department's part of a whistle: it is notified, its liaison
 * acknowledges (someone is on the way), then reports arrival on site (报到); or declines with a
 * reason, which the operator resolves by reassigning to another department (a new summons).
 * Which answer may move a summons from which status is the one rule of libs/contracts
 * (summons-status.ts), which dispatch follows too; this file adds what department writes and
 * the conflict it answers when the rule refuses.
 */
export { SUMMONS_STATUSES, isSummonsStatus, type SummonsStatus } from '@chuishao/contracts';

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
  /** Where the liaison's phone was when it reported on site; null when it gave no position. */
  arrivalLocation: ArrivalLocation | null;
  declinedAt: Date | null;
  declineReason: string | null;
}

/** A position in WGS 84, with the radius the phone vouches for. */
export interface ArrivalLocation {
  latitude: number;
  longitude: number;
  accuracyMeters: number;
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
    arrivalLocation: null,
    declinedAt: null,
    declineReason: null,
  };
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

/**
 * What a transition writes and the statuses it may start from. One rule serves both ways of
 * applying it: to a summons loaded and locked (the functions below), and as the guard of a
 * conditional UPDATE that checks and writes in one statement (the repository's `changeIf`).
 */
export interface SummonsChange<C extends Partial<Summons>> {
  from: readonly SummonsStatus[];
  set: C;
}

/** A summons once `C` is applied: the stamps a transition sets are known to be set. */
export type Changed<C extends Partial<Summons>> = Summons & C;

/** `summons` with the change's fields; no check (a row the change was just written to, say). */
export function withChange<C extends Partial<Summons>>(
  summons: Summons,
  change: SummonsChange<C>,
): Changed<C> {
  return { ...summons, ...change.set };
}

function applyChange<C extends Partial<Summons>>(summons: Summons, change: SummonsChange<C>): Changed<C> {
  if (!change.from.includes(summons.status)) throw alreadyPast(summons);
  return withChange(summons, change);
}

export function acknowledgement(at: Date): SummonsChange<{ status: 'acknowledged'; acknowledgedAt: Date }> {
  return {
    from: SUMMONS_ANSWER_APPLIES_FROM.acknowledged,
    set: { status: 'acknowledged', acknowledgedAt: at },
  };
}

/** Throws InvalidError for a note too long, whatever the summons. */
export function arrival(
  at: Date,
  note?: string | null,
  location: ArrivalLocation | null = null,
): SummonsChange<{
  status: 'arrived';
  arrivedAt: Date;
  arrivalNote: string | null;
  arrivalLocation: ArrivalLocation | null;
}> {
  const trimmed = note?.trim() ?? '';
  if (trimmed.length > MAX_TEXT_LENGTH) {
    throw new InvalidError('ARRIVAL_NOTE_TOO_LONG', `must be at most ${MAX_TEXT_LENGTH} characters`, 'note');
  }
  return {
    from: SUMMONS_ANSWER_APPLIES_FROM.arrived,
    set: {
      status: 'arrived',
      arrivedAt: at,
      arrivalNote: trimmed === '' ? null : trimmed,
      arrivalLocation: location,
    },
  };
}

/** Throws InvalidError for a missing or too long reason, whatever the summons. */
export function declining(
  at: Date,
  reason: string,
): SummonsChange<{ status: 'declined'; declinedAt: Date; declineReason: string }> {
  const trimmed = reason.trim();
  if (trimmed === '')
    throw new InvalidError('DECLINE_REASON_REQUIRED', 'a reason is required to decline a summons', 'reason');
  if (trimmed.length > MAX_TEXT_LENGTH) {
    throw new InvalidError(
      'DECLINE_REASON_TOO_LONG',
      `must be at most ${MAX_TEXT_LENGTH} characters`,
      'reason',
    );
  }
  return {
    from: SUMMONS_ANSWER_APPLIES_FROM.declined,
    set: { status: 'declined', declinedAt: at, declineReason: trimmed },
  };
}

export function acknowledgeSummons(summons: Summons, at: Date): AcknowledgedSummons {
  return applyChange(summons, acknowledgement(at));
}

export function reportArrival(
  summons: Summons,
  at: Date,
  note?: string | null,
  location: ArrivalLocation | null = null,
): ArrivedSummons {
  // The state first: a note too long for a summons already past arrival is still a conflict.
  if (!summonsAnswerApplies(summons.status, 'arrived')) throw alreadyPast(summons);
  return applyChange(summons, arrival(at, note, location));
}

export function declineSummons(summons: Summons, at: Date, reason: string): DeclinedSummons {
  // The reason is checked first: an empty reason is the caller's mistake whatever the state.
  return applyChange(summons, declining(at, reason));
}
