import type { DisputeType } from '@chuishao/contracts';
import { ConflictError } from '@chuishao/kernel';

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
 * has none ("small matters stay in the village, big matters stay in the town").
 */
export function resolveDepartments(
  kinds: readonly string[],
  centerPath: readonly string[],
  directory: readonly DirectoryDepartment[],
): DirectoryDepartment[] {
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
  if (unresolved.length > 0) {
    throw new ConflictError(
      'ROUTING_UNRESOLVED',
      `no department of kind ${unresolved.join(', ')} serves this case's centers; name departmentIds explicitly`,
      { unresolvedKinds: unresolved, centerPath: [...centerPath] },
    );
  }
  return chosen;
}
