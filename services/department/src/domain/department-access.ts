import { listScope, reachesCase } from '@chuishao/auth';
import { ForbiddenError, NotFoundError } from '@chuishao/kernel';

/**
 * Who is asking, as far as a department's summons go: the verified caller's role, for a liaison
 * the one department it acts for (the token's `departmentId`), for an operator or a supervisor the
 * center they work at. Structurally the platform's Principal.
 */
export interface Caller {
  role: string;
  departmentId?: string;
  centerId?: string;
}

/**
 * SPEC "HTTP": a liaison acts only on its own department's summons, and only a liaison acts on a
 * summons at all (the center's operators reassign, they do not answer for a department). Checked
 * after the summons is loaded and before anything changes. Another department's summons answers
 * exactly as an unknown one (404): a liaison never learns that it exists (issue 16).
 */
export function assertActsFor(caller: Caller, summons: { id: string; departmentId: string }): void {
  if (caller.role !== 'liaison') {
    throw new ForbiddenError(
      'ROLE_FORBIDDEN',
      `only a department liaison acts on a summons, not ${caller.role}`,
    );
  }
  if (caller.departmentId !== summons.departmentId) throw summonsNotFound(summons.id);
}

export function summonsNotFound(id: string): NotFoundError {
  return new NotFoundError('SUMMONS_NOT_FOUND', `no summons with id ${id}`);
}

/**
 * Whether a caller may read one summons (and its notifications): a liaison its own department's;
 * an operator or a supervisor those whose case lies at their center or below it (`centerPath`,
 * district → town → village, null while the case's registration has not been seen); ops and a
 * supervisor without a center every one. Anything else answers as an unknown summons.
 */
export function maySeeSummons(
  caller: Caller,
  summons: { departmentId: string },
  centerPath: readonly string[] | null,
): boolean {
  if (caller.role === 'liaison') return caller.departmentId === summons.departmentId;
  return reachesCase(caller, centerPath);
}

/**
 * What of a department's inbox or live stream a caller sees: `'none'` (a liaison of another
 * department, an operator without a center), `'all'`, or only summons whose case lies within a
 * center. A list is filtered, never refused: the department itself is public (the directory).
 */
export type SummonsScope = { within: string } | 'all' | 'none';

export function summonsScope(caller: Caller, departmentId: string): SummonsScope {
  if (caller.role === 'liaison') return caller.departmentId === departmentId ? 'all' : 'none';
  return listScope(caller);
}

/**
 * Who keeps a department's duty roster (issue 20 item 1): the department itself (its liaison, for
 * its own department only), and, as for the directory's other edits, ops and supervisors. The
 * directory knows which centers a department serves but not the center tree above them, so a
 * supervisor's center does not narrow it (a district's supervisor keeps its towns' departments
 * too). Another department answers a liaison as an unknown one (404), as with summons.
 */
export function mayKeepRoster(caller: Caller, department: { id: string }): boolean {
  if (caller.role === 'liaison') return caller.departmentId === department.id;
  return caller.role === 'supervisor' || caller.role === 'ops';
}
