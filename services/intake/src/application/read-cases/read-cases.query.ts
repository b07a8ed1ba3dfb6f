import { Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidError, NotFoundError } from '@chuishao/kernel';
import type { CaseStatus } from '../../domain/case-status';
import type { CaseTrailEntry } from '../../domain/case-trail';
import { centersInScope, inScope, type CenterPost } from '../../domain/center-scope';
import type { DisputeCase } from '../../domain/dispute-case';
import {
  isPhoneNumber,
  isResidentIdNumber,
  maySearchByPersonalData,
  maySeeFullPersonalData,
  normaliseIdNumber,
  normalisePhone,
} from '../../domain/personal-data';
import { CaseTrailRepository } from '../../infrastructure/persistence/case-trail.repository';
import { CaseRepository } from '../../infrastructure/persistence/case.repository';

/**
 * Who reads: the role decides whether parties come with full ID numbers and phones, the role and
 * center which cases exist for them at all (centersInScope).
 */
export interface Reader extends CenterPost {
  role: string;
}

export interface CaseSearch {
  status?: CaseStatus;
  centerId?: string;
  /** As typed by the caller; normalised here (trimmed, upper-case). */
  idNumber?: string;
  /** As typed by the caller; normalised here (digits only). */
  phone?: string;
  limit: number;
}

/** Reads of cases and their trail, applying the personal-data rules of the domain. */
@Injectable()
export class ReadCases {
  constructor(
    private readonly cases: CaseRepository,
    private readonly trail: CaseTrailRepository,
  ) {}

  async list(search: CaseSearch, reader: Reader): Promise<DisputeCase[]> {
    const bySearch = search.idNumber !== undefined || search.phone !== undefined;
    if (bySearch && !maySearchByPersonalData(reader.role)) {
      throw new ForbiddenError(
        'PERSONAL_DATA_SEARCH_FORBIDDEN',
        `role ${reader.role} may not search cases by ID number or phone`,
      );
    }
    let idNumberHashes: string[] | undefined;
    if (search.idNumber !== undefined) {
      const idNumber = normaliseIdNumber(search.idNumber);
      if (!isResidentIdNumber(idNumber))
        throw new InvalidError('ID_NUMBER_INVALID', 'must be an 18-character resident ID number', 'idNumber');
      idNumberHashes = this.cases.searchHashes(idNumber);
    }
    let phoneHashes: string[] | undefined;
    if (search.phone !== undefined) {
      const phone = normalisePhone(search.phone);
      if (!isPhoneNumber(phone)) throw new InvalidError('PHONE_INVALID', 'must hold 5 to 20 digits', 'phone');
      phoneHashes = this.cases.searchHashes(phone);
    }
    const scope = await this.scopeOf(reader);
    return this.cases.list({
      status: search.status,
      centerId: search.centerId,
      centerIds: scope === null ? undefined : [...scope],
      idNumberHashes,
      phoneHashes,
      limit: search.limit,
      reveal: maySeeFullPersonalData(reader.role),
    });
  }

  /** A case outside the reader's centers answers exactly as one that does not exist. */
  async get(id: string, reader: Reader): Promise<DisputeCase> {
    const dispute = await this.cases.find(id, { reveal: maySeeFullPersonalData(reader.role) });
    if (!dispute || !inScope(await this.scopeOf(reader), dispute.centerId))
      throw new NotFoundError('CASE_NOT_FOUND', `no case with id ${id}`);
    return dispute;
  }

  async trailOf(id: string, reader: Reader): Promise<CaseTrailEntry[]> {
    await this.get(id, reader);
    return this.trail.forCase(id);
  }

  private async scopeOf(reader: Reader): Promise<ReadonlySet<string> | null> {
    return centersInScope(await this.cases.centers(), reader);
  }
}
