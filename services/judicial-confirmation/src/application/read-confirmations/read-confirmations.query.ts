import { Injectable } from '@nestjs/common';
import { reachesCase, type CenterPost } from '@chuishao/auth';
import { NotFoundError } from '@chuishao/kernel';
import { KnownCaseCenters } from '@chuishao/persistence';
import type { Agreement } from '../../domain/agreement';
import type { ConfirmationRequest } from '../../domain/confirmation-request';
import { JudicialRepository } from '../../infrastructure/persistence/judicial.repository';

/**
 * Reads within the reader's post (issue 16, libs/auth center-scope): a clerk reads the agreements
 * and applications of cases at their own center, a supervisor with a center those at it or below;
 * mediators, ops and the network's supervision every one. Anything else answers exactly as an
 * unknown id (404), never confirming it exists.
 */
@Injectable()
export class ReadConfirmations {
  constructor(
    private readonly repository: JudicialRepository,
    private readonly knownCases: KnownCaseCenters,
  ) {}

  async agreement(agreementId: string, reader: CenterPost): Promise<Agreement> {
    const agreement = await this.repository.agreement(agreementId);
    if (!agreement || !(await this.reaches(reader, agreement.caseId)))
      throw new NotFoundError('AGREEMENT_NOT_FOUND', `no agreement ${agreementId} (yet)`);
    return agreement;
  }

  async request(requestId: string, reader: CenterPost): Promise<ConfirmationRequest> {
    const request = await this.repository.request(requestId);
    if (!request || !(await this.reaches(reader, request.caseId)))
      throw new NotFoundError('REQUEST_NOT_FOUND', `no application ${requestId}`);
    return request;
  }

  async reaches(reader: CenterPost, caseId: string): Promise<boolean> {
    // Only a center-bound reader needs the case's path; reachesCase decides the rest without it.
    if (!reader.centerId) return reachesCase(reader, null);
    return reachesCase(reader, await this.knownCases.centerPath(caseId));
  }
}
