import { ConflictError, InvalidError, addSeconds } from '@chuishao/kernel';
import type { KnownCase } from './known-case';
import { departmentsToSummon, type DirectoryDepartment } from './routing';
import type { WhistleEvent } from './whistle.events';
import { newSummons, type Whistle } from './whistle';

/** What blowing a whistle on a case reads of it (dispatch's copy; the insert checks it is still so). */
export interface CaseToWhistle extends KnownCase {
  hasOpenWhistle: boolean;
  /** The kinds the routing rule of the case's dispute type names; null without one. */
  ruleDepartmentKinds: string[] | null;
}

/** Blowing the whistle: ids and times from the caller, the directory as read before the case. */
export interface BlowCommand {
  type: 'Blow';
  whistleId: string;
  case: CaseToWhistle;
  /** Named by the operator; otherwise the routing rule of the case's dispute type decides. */
  departmentIds?: string[];
  directory: readonly DirectoryDepartment[];
  reason: string | null;
  at: Date;
  slaSeconds: number;
  newSummonsId: () => string;
}

export function whistleAlreadyOpen(caseNo: string): ConflictError {
  return new ConflictError('WHISTLE_ALREADY_OPEN', `case ${caseNo} already has an open whistle`);
}

/** The whistle: every department summoned, all due on site by the blow + SLA. */
export function blow(command: BlowCommand): WhistleEvent {
  const known = command.case;
  if (known.closed)
    throw new ConflictError('CASE_CLOSED', `case ${known.caseNo} is closed; nothing can be whistled on it`);
  if (known.hasOpenWhistle) throw whistleAlreadyOpen(known.caseNo);
  const departments = departmentsToSummon(command.departmentIds, known, command.directory);
  if (departments.length === 0)
    throw new InvalidError(
      'NO_DEPARTMENTS',
      'a whistle must summon at least one department',
      'departmentIds',
    );
  const arrivalDeadline = addSeconds(command.at, command.slaSeconds);
  const whistle: Whistle = {
    id: command.whistleId,
    caseId: known.caseId,
    caseNo: known.caseNo,
    centerId: known.centerId,
    status: 'open',
    reason: command.reason,
    slaSeconds: command.slaSeconds,
    blownAt: command.at,
    arrivalDeadline,
    completedAt: null,
    summons: departments.map(({ id, name, kind }) =>
      newSummons(command.newSummonsId(), { id, name, kind }, arrivalDeadline),
    ),
  };
  return { type: 'WhistleBlown', whistle, disputeType: known.disputeType, urgency: known.urgency };
}
