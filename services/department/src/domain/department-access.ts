import { ForbiddenError } from '@chuishao/kernel';

/**
 * Who is asking, as far as a department's summons go: the verified caller's role and, for a
 * liaison, the one department it acts for (the token's `departmentId`). Structurally the
 * platform's Principal, so the domain needs no auth library.
 */
export interface Caller {
  role: string;
  departmentId?: string;
}

/**
 * SPEC "HTTP": a liaison acts only on its own department's summons, and only a liaison acts on a
 * summons at all (the center's operators reassign, they do not answer for a department). Checked
 * after the summons is loaded (an unknown one stays a 404) and before anything changes.
 */
export function assertActsFor(caller: Caller, summons: { id: string; departmentId: string }): void {
  if (caller.role !== 'liaison') {
    throw new ForbiddenError(
      'ROLE_FORBIDDEN',
      `only a department liaison acts on a summons, not ${caller.role}`,
    );
  }
  if (caller.departmentId !== summons.departmentId) {
    throw new ForbiddenError(
      'DEPARTMENT_FORBIDDEN',
      `summons ${summons.id} is not addressed to the caller's department`,
    );
  }
}

/**
 * A liaison sees only its own department's inbox and summons; every other role allowed to read
 * them (operator, supervisor, ops) watches all departments.
 */
export function assertMaySee(caller: Caller, departmentId: string, what: string): void {
  if (caller.role === 'liaison' && caller.departmentId !== departmentId) {
    throw new ForbiddenError('DEPARTMENT_FORBIDDEN', `${what} belongs to another department`);
  }
}
