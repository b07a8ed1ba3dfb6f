import type { DisputeType } from '@chuishao/contracts';
import { ConflictError, InvalidError } from '@chuishao/kernel';

/** Dispute type → the kinds of department a whistle summons (e.g. road_traffic → traffic police…). */
export interface RoutingRule {
  disputeType: DisputeType;
  departmentKinds: string[];
}

export interface DirectoryDepartment {
  id: string;
  kind: string;
  name: string;
  centerIds: string[];
}

/**
 * Picks, for each kind, the department serving the most local center on the case's path: a
 * village case gets the town's judicial office, but the district's traffic police when the town
 * has none ("small matters stay in the village, big matters stay in the town"). Kinds no
 * department on the path has are `unresolvedKinds` (the operator's suggestion shows them).
 */
export function routeKinds(
  kinds: readonly string[],
  centerPath: readonly string[],
  directory: readonly DirectoryDepartment[],
): { departments: DirectoryDepartment[]; unresolvedKinds: string[] } {
  const chosen: DirectoryDepartment[] = [];
  const unresolved: string[] = [];
  for (const kind of kinds) {
    const department = [...centerPath]
      .reverse()
      .map(
        (centerId) =>
          directory
            .filter((d) => d.kind === kind && d.centerIds.includes(centerId))
            .sort((a, b) => a.id.localeCompare(b.id))[0],
      )
      .find((d) => d !== undefined);
    if (department) {
      if (!chosen.some((d) => d.id === department.id)) chosen.push(department);
    } else {
      unresolved.push(kind);
    }
  }
  return { departments: chosen, unresolvedKinds: unresolved };
}

/** routeKinds for a whistle: every kind must resolve (ROUTING_UNRESOLVED otherwise). */
export function resolveDepartments(
  kinds: readonly string[],
  centerPath: readonly string[],
  directory: readonly DirectoryDepartment[],
): DirectoryDepartment[] {
  const { departments, unresolvedKinds: unresolved } = routeKinds(kinds, centerPath, directory);
  if (unresolved.length > 0) {
    throw new ConflictError(
      'ROUTING_UNRESOLVED',
      `no department of kind ${unresolved.join(', ')} serves this case's centers; name departmentIds explicitly`,
      { unresolvedKinds: unresolved, centerPath: [...centerPath] },
    );
  }
  return departments;
}

/** What choosing a whistle's departments reads of its case. */
export interface CaseRouting {
  disputeType: DisputeType;
  centerPath: readonly string[];
  /** The kinds the routing rule of the case's dispute type names; null without one. */
  ruleDepartmentKinds: readonly string[] | null;
}

/**
 * The departments a whistle summons: those the operator named (each must be in the directory;
 * repeats count once), or else the ones the routing rule of the case's dispute type resolves to.
 */
export function departmentsToSummon(
  named: readonly string[] | undefined,
  routing: CaseRouting,
  directory: readonly DirectoryDepartment[],
): DirectoryDepartment[] {
  if (named?.length) {
    const departments = named.map((id, index) => {
      const department = directory.find((d) => d.id === id);
      if (!department)
        throw new InvalidError(
          'DEPARTMENT_UNKNOWN',
          `no department with id ${id}`,
          `departmentIds[${index}]`,
        );
      return department;
    });
    return departments.filter((d, i) => departments.findIndex((o) => o.id === d.id) === i);
  }
  if (!routing.ruleDepartmentKinds)
    throw new ConflictError(
      'ROUTING_RULE_MISSING',
      `no routing rule for ${routing.disputeType}; name departmentIds`,
    );
  return resolveDepartments(routing.ruleDepartmentKinds, routing.centerPath, directory);
}
