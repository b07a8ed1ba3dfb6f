import { Injectable } from '@nestjs/common';
import { NotFoundError } from '@chuishao/kernel';
import { centersInScope, inScope, type CenterPost } from '../../domain/center-scope';
import type { DisputeCase } from '../../domain/dispute-case';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';

/** The case, if it lies in the caller's centers; else 404 CASE_NOT_FOUND, as for an unknown id. */
@Injectable()
export class CaseInScope {
  constructor(private readonly cases: CaseRepository) {}

  async find(caseId: string, post: CenterPost): Promise<DisputeCase> {
    // Masked reads only: evidence needs the case's number and center, never its parties in full.
    const dispute = await this.cases.find(caseId, { reveal: false });
    if (!dispute || !inScope(centersInScope(await this.cases.centers(), post), dispute.centerId))
      throw new NotFoundError('CASE_NOT_FOUND', `no case with id ${caseId}`);
    return dispute;
  }
}
