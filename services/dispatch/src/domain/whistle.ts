import { ConflictError, InvalidError, NotFoundError, addSeconds } from '@chuishao/kernel';
import {
  SUMMONS_ANSWER_APPLIES_FROM,
  summonsAnswerApplies,
  type SummonsAnswer,
  type SummonsStatus as SharedSummonsStatus,
} from '@chuishao/contracts';

export type WhistleStatus = 'open' | 'completed';
/** The shared summons' life, and `replaced`: dispatch's own end of a declined summons it reassigned. */
export type SummonsStatus = SharedSummonsStatus | 'replaced';

export interface SummonedDepartment {
  id: string;
  name: string;
  kind: string;
}

export interface Summons {
  id: string;
  departmentId: string;
  departmentName: string;
  departmentKind: string;
  status: SummonsStatus;
  arrivalDeadline: Date;
  acknowledgedAt: Date | null;
  arrivedAt: Date | null;
  declinedAt: Date | null;
  declineReason: string | null;
  replacedBySummonsId: string | null;
}

export interface Whistle {
  id: string;
  caseId: string;
  caseNo: string;
  centerId: string;
  status: WhistleStatus;
  reason: string | null;
  slaSeconds: number;
  blownAt: Date;
  arrivalDeadline: Date;
  completedAt: Date | null;
  summons: Summons[];
}

function newSummons(id: string, department: SummonedDepartment, deadline: Date): Summons {
  return {
    id,
    departmentId: department.id,
    departmentName: department.name,
    departmentKind: department.kind,
    status: 'notified',
    arrivalDeadline: deadline,
    acknowledgedAt: null,
    arrivedAt: null,
    declinedAt: null,
    declineReason: null,
    replacedBySummonsId: null,
  };
}

export interface BlowWhistleInput {
  id: string;
  caseId: string;
  caseNo: string;
  centerId: string;
  reason: string | null;
  departments: SummonedDepartment[];
  blownAt: Date;
  slaSeconds: number;
  newSummonsId: () => string;
}

/** The whistle: every department summoned, all due on site by blownAt + SLA. */
export function blowWhistle(input: BlowWhistleInput): Whistle {
  if (input.departments.length === 0) {
    throw new InvalidError(
      'NO_DEPARTMENTS',
      'a whistle must summon at least one department',
      'departmentIds',
    );
  }
  const arrivalDeadline = addSeconds(input.blownAt, input.slaSeconds);
  return {
    id: input.id,
    caseId: input.caseId,
    caseNo: input.caseNo,
    centerId: input.centerId,
    status: 'open',
    reason: input.reason,
    slaSeconds: input.slaSeconds,
    blownAt: input.blownAt,
    arrivalDeadline,
    completedAt: null,
    summons: input.departments.map((d) => newSummons(input.newSummonsId(), d, arrivalDeadline)),
  };
}

/** Summons still expected on site: every one not replaced by a reassignment. */
export function activeSummons(whistle: Whistle): Summons[] {
  return whistle.summons.filter((s) => s.status !== 'replaced');
}

function summonsOf(whistle: Whistle, summonsId: string): Summons {
  const summons = whistle.summons.find((s) => s.id === summonsId);
  if (!summons)
    throw new NotFoundError('SUMMONS_NOT_FOUND', `whistle ${whistle.id} has no summons ${summonsId}`);
  return summons;
}

/** A department's answer as dispatch reads it from `department-responses`. */
export type DepartmentResponseKind = SummonsAnswer;

/**
 * The statuses from which each response moves a summons; from any other it changes nothing (a
 * redelivery, an answer overtaken by a later one, an arrival on a declined summons, which SPEC
 * makes final, or a replaced summons). It is the one rule of a summons' life (libs/contracts
 * summons-status.ts) that department enforces too; the record* functions below and the
 * repository's guarded UPDATE both read it.
 */
export const RESPONSE_APPLIES_FROM: Readonly<Record<DepartmentResponseKind, readonly SummonsStatus[]>> =
  SUMMONS_ANSWER_APPLIES_FROM;

export function recordAcknowledged(whistle: Whistle, summonsId: string, at: Date): void {
  const summons = summonsOf(whistle, summonsId);
  if (summonsAnswerApplies(summons.status, 'acknowledged')) {
    summons.status = 'acknowledged';
    summons.acknowledgedAt = at;
  }
}

export function recordDeclined(whistle: Whistle, summonsId: string, reason: string, at: Date): void {
  const summons = summonsOf(whistle, summonsId);
  if (summonsAnswerApplies(summons.status, 'declined')) {
    summons.status = 'declined';
    summons.declinedAt = at;
    summons.declineReason = reason;
  }
}

/**
 * Records an arrival (repeats are harmless) and answers whether it completed the whistle: true
 * exactly once, when the last expected department reports on site.
 */
export function recordArrived(whistle: Whistle, summonsId: string, at: Date): boolean {
  const summons = summonsOf(whistle, summonsId);
  if (!summonsAnswerApplies(summons.status, 'arrived')) return false;
  summons.status = 'arrived';
  summons.arrivedAt = at;
  summons.acknowledgedAt ??= at;
  return completeIfAllArrived(whistle, at);
}

/**
 * Completes an open whistle whose every expected department is on site, and answers whether it
 * did. Separate from recordArrived for callers that recorded the arrival elsewhere (the repository's
 * guarded UPDATE) and hold the whistle as it now stands.
 */
export function completeIfAllArrived(whistle: Whistle, at: Date): boolean {
  if (whistle.status === 'open' && activeSummons(whistle).every((s) => s.status === 'arrived')) {
    whistle.status = 'completed';
    whistle.completedAt = at;
    return true;
  }
  return false;
}

export interface Reassignment {
  from: Summons;
  to: Summons;
}

/**
 * Replaces a department that declined with another one, which gets a fresh summons and a fresh
 * deadline (now + SLA): it is only now being asked to come.
 */
export function reassign(
  whistle: Whistle,
  fromDepartmentId: string,
  to: SummonedDepartment,
  now: Date,
  newSummonsId: string,
): Reassignment {
  if (whistle.status !== 'open') {
    throw new ConflictError('WHISTLE_NOT_OPEN', `whistle ${whistle.id} is ${whistle.status}`);
  }
  const from = activeSummons(whistle).find((s) => s.departmentId === fromDepartmentId);
  if (!from) {
    throw new InvalidError(
      'DEPARTMENT_NOT_SUMMONED',
      `${fromDepartmentId} is not summoned by this whistle`,
      'fromDepartmentId',
    );
  }
  if (from.status !== 'declined') {
    throw new ConflictError(
      'SUMMONS_NOT_DECLINED',
      `${fromDepartmentId} has not declined (its summons is ${from.status}); only a declined department can be replaced`,
    );
  }
  if (activeSummons(whistle).some((s) => s.departmentId === to.id)) {
    throw new ConflictError('DEPARTMENT_ALREADY_SUMMONED', `${to.id} is already summoned by this whistle`);
  }
  const replacement = newSummons(newSummonsId, to, addSeconds(now, whistle.slaSeconds));
  from.status = 'replaced';
  from.replacedBySummonsId = replacement.id;
  whistle.summons.push(replacement);
  return { from, to: replacement };
}
