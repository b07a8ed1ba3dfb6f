import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@chuishao/kernel';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import { routeKinds, type DirectoryDepartment } from '../../domain/routing';
import { DepartmentDirectory } from '../../infrastructure/department-directory/department-directory';
import { DispatchRepository } from '../../infrastructure/persistence/dispatch.repository';

export interface RoutingSuggestion {
  caseId: string;
  disputeType: string;
  /** The kinds the routing rule of the case's dispute type names (empty without a rule). */
  departmentKinds: string[];
  /** What a whistle without named departments would summon now. */
  departments: Array<Pick<DirectoryDepartment, 'id' | 'name' | 'kind'>>;
  /** Kinds no department serving the case's centers has: the operator must choose. */
  unresolvedKinds: string[];
}

/**
 * The operator's screen shows, before the whistle, whom the routing rules would summon, so they
 * can add or remove departments; the same rule (routeKinds) blowing the whistle applies.
 */
@Injectable()
export class SuggestDepartments {
  constructor(
    private readonly repository: DispatchRepository,
    private readonly directory: DepartmentDirectory,
  ) {}

  /** 404 for a case dispatch has not seen, or one outside the caller's centers (never confirm it). */
  async forCase(caseId: string, post: CenterPost): Promise<RoutingSuggestion> {
    const known = await this.repository.findKnownCase(caseId);
    if (!known || !reachesCase(post, known.centerPath))
      throw new NotFoundError('CASE_NOT_FOUND', `dispatch knows no case ${caseId} (yet)`);
    const rule = await this.repository.routingRule(known.disputeType);
    const kinds = rule?.departmentKinds ?? [];
    const base = { caseId, disputeType: known.disputeType, departmentKinds: kinds };
    if (kinds.length === 0) return { ...base, departments: [], unresolvedKinds: [] };
    const { departments, unresolvedKinds } = routeKinds(
      kinds,
      known.centerPath,
      await this.directory.departments(),
    );
    return {
      ...base,
      departments: departments.map(({ id, name, kind }) => ({ id, name, kind })),
      unresolvedKinds,
    };
  }
}
