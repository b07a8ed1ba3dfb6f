import { Injectable } from '@nestjs/common';
import { ForbiddenError, InvalidError, NotFoundError } from '@chuishao/kernel';
import type { CaseStatus } from '../../domain/case-status';
import type { CaseTrailEntry } from '../../domain/case-trail';
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

/** Who reads: the role decides whether parties come with full ID numbers and phones. */
export interface Reader {
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
    let idNumberHash: string | undefined;
    if (search.idNumber !== undefined) {
      const idNumber = normaliseIdNumber(search.idNumber);
      if (!isResidentIdNumber(idNumber))
        throw new InvalidError('ID_NUMBER_INVALID', 'must be an 18-character resident ID number', 'idNumber');
      idNumberHash = this.cases.searchHash(idNumber);
    }
    let phoneHash: string | undefined;
    if (search.phone !== undefined) {
      const phone = normalisePhone(search.phone);
      if (!isPhoneNumber(phone)) throw new InvalidError('PHONE_INVALID', 'must hold 5 to 20 digits', 'phone');
      phoneHash = this.cases.searchHash(phone);
    }
    return this.cases.list({
      status: search.status,
      centerId: search.centerId,
      idNumberHash,
      phoneHash,
      limit: search.limit,
      reveal: maySeeFullPersonalData(reader.role),
    });
  }

  async get(id: string, reader: Reader): Promise<DisputeCase> {
    const dispute = await this.cases.find(id, { reveal: maySeeFullPersonalData(reader.role) });
    if (!dispute) throw new NotFoundError('CASE_NOT_FOUND', `no case with id ${id}`);
    return dispute;
  }

  async trailOf(id: string): Promise<CaseTrailEntry[]> {
    if (!(await this.cases.exists(id))) throw new NotFoundError('CASE_NOT_FOUND', `no case with id ${id}`);
    return this.trail.forCase(id);
  }
}
