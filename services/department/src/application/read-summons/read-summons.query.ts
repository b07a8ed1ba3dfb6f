import { Injectable } from '@nestjs/common';
import { KnownCaseCenters } from '@chuishao/persistence';
import { maySeeSummons, summonsNotFound, summonsScope, type Caller } from '../../domain/department-access';
import type { Summons, SummonsStatus } from '../../domain/summons';
import { SummonsRepository } from '../../infrastructure/persistence/summons.repository';

/**
 * Reads of summons within the caller's post (issue 16): one summons the caller may not see
 * answers exactly as an unknown one (404 SUMMONS_NOT_FOUND), an inbox leaves out what they may
 * not see (README "Who sees what").
 */
@Injectable()
export class ReadSummons {
  constructor(
    private readonly summons: SummonsRepository,
    private readonly knownCases: KnownCaseCenters,
  ) {}

  async one(id: string, caller: Caller): Promise<Summons> {
    const summons = await this.summons.find(id);
    if (!summons) throw summonsNotFound(id);
    // Only a center-bound reader needs the case's path; a liaison or ops is decided without it.
    const centerPath = needsPath(caller) ? await this.knownCases.centerPath(summons.caseId) : null;
    if (!maySeeSummons(caller, summons, centerPath)) throw summonsNotFound(id);
    return summons;
  }

  async inbox(
    departmentId: string,
    caller: Caller,
    filter: { status?: SummonsStatus; limit: number },
  ): Promise<Summons[]> {
    const scope = summonsScope(caller, departmentId);
    if (scope === 'none') return [];
    return this.summons.list({
      departmentId,
      ...filter,
      within: scope === 'all' ? undefined : scope.within,
    });
  }
}

function needsPath(caller: Caller): boolean {
  return (
    (caller.role === 'operator' || caller.role === 'supervisor' || caller.role === 'clerk') &&
    !!caller.centerId
  );
}
