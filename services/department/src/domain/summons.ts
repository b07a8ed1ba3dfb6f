import { ConflictError, InvalidError } from '@chuishao/kernel';
import type { SummonsStatus } from '@chuishao/contracts';

/**
 * A summons (召集令) is one department's part of a whistle: it is notified, its liaison
 * acknowledges (someone is on the way), then reports arrival on site (报到); or declines with a
 * reason, which the operator resolves by reassigning to another department (a new summons); or is
 * stood down by the operator before it arrives (no longer expected, final).
 * Which answer may move a summons from which status is the one rule of libs/contracts
 * (summons-status.ts), which dispatch follows too. This file holds the summons' state and the
 * checks of a liaison's input; the Summons decider (summons.decider.ts) decides with them.
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
  /** When, and why, the operator stood the department down (SummonsStoodDown); null otherwise. */
  stoodDownAt: Date | null;
  standDownReason: string | null;
}

/** A position in WGS 84, with the radius the phone vouches for. */
export interface ArrivalLocation {
  latitude: number;
  longitude: number;
  accuracyMeters: number;
}

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
    stoodDownAt: null,
    standDownReason: null,
  };
}

/**
 * The conflict of acting on a summons that is already past the step asked for. The codes are
 * stable: a liaison's client branches on them (e.g. a retried acknowledge that already landed).
 */
export function alreadyPast(summons: Summons): ConflictError {
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
    case 'stood_down':
      return new ConflictError(
        'SUMMONS_STOOD_DOWN',
        `summons ${summons.id} was stood down by the operator; nobody is expected on site`,
      );
    case 'notified':
      // Every answer applies to a notified summons, so this cannot be why one was refused.
      throw new Error(`summons ${summons.id} is notified: no answer refuses that`);
  }
}

/** An arrival's note, trimmed (null when blank); InvalidError when too long, whatever the summons. */
export function arrivalNote(note: string | null | undefined): string | null {
  const trimmed = note?.trim() ?? '';
  if (trimmed.length > MAX_TEXT_LENGTH) {
    throw new InvalidError('ARRIVAL_NOTE_TOO_LONG', `must be at most ${MAX_TEXT_LENGTH} characters`, 'note');
  }
  return trimmed === '' ? null : trimmed;
}

/** A decline's reason, trimmed; InvalidError when blank or too long, whatever the summons. */
export function declineReason(reason: string): string {
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
  return trimmed;
}
