import { NotFoundError } from '@chuishao/kernel';
import type { SummonsStatus as SharedSummonsStatus } from '@chuishao/contracts';

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
  /** When, and why, the operator stood the department down (SummonsStoodDown); null otherwise. */
  stoodDownAt: Date | null;
  standDownReason: string | null;
}

/**
 * A whistle and its summons, in the order summoned. The state of the Whistle decider
 * (whistle.decider.ts), where every rule that changes it lives; this file is only its shape.
 */
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

/** A department's summons as made: notified, due by `deadline`. */
export function newSummons(id: string, department: SummonedDepartment, deadline: Date): Summons {
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
    stoodDownAt: null,
    standDownReason: null,
  };
}

/**
 * Summons still expected on site: every one not replaced by a reassignment nor stood down by the
 * operator.
 */
export function activeSummons(whistle: Whistle): Summons[] {
  return whistle.summons.filter((s) => s.status !== 'replaced' && s.status !== 'stood_down');
}

export function summonsOf(whistle: Whistle, summonsId: string): Summons {
  const summons = whistle.summons.find((s) => s.id === summonsId);
  if (!summons)
    throw new NotFoundError('SUMMONS_NOT_FOUND', `whistle ${whistle.id} has no summons ${summonsId}`);
  return summons;
}
