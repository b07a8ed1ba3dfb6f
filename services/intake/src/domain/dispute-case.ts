import type { CaseChannel, DisputeType, PartyRole, Urgency } from '@chuishao/contracts';
import { InvalidError, maskIdNumber, maskPhone } from '@chuishao/kernel';
import type { CaseStatus } from './case-status';

export interface PartyInput {
  role: PartyRole;
  name: string;
  idNumber?: string;
  phone?: string;
}

/** A party as stored and shown: the ID number and phone only ever in masked form. */
export interface Party {
  id: string;
  role: PartyRole;
  name: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
}

export interface DisputeCase {
  id: string;
  caseNo: string;
  centerId: string;
  channel: CaseChannel;
  disputeType: DisputeType;
  summary: string;
  headcount: number;
  urgency: Urgency;
  status: CaseStatus;
  parties: Party[];
  registeredAt: Date;
  closedAt: Date | null;
  closeReason: string | null;
}

const RESIDENT_ID = /^\d{17}[\dX]$/;

/** Rules of a registration that the DTO shape alone cannot express. */
export function buildParties(inputs: PartyInput[], newId: () => string): Party[] {
  if (!inputs.some((p) => p.role === 'applicant')) {
    throw new InvalidError('APPLICANT_REQUIRED', 'a case needs at least one applicant', 'parties');
  }
  return inputs.map((p, index) => {
    const idNumber = p.idNumber?.trim().toUpperCase();
    if (idNumber && !RESIDENT_ID.test(idNumber)) {
      throw new InvalidError(
        'ID_NUMBER_INVALID',
        'must be an 18-character resident ID number',
        `parties[${index}].idNumber`,
      );
    }
    return {
      id: newId(),
      role: p.role,
      name: p.name.trim(),
      idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
      phoneMasked: p.phone ? maskPhone(p.phone.replace(/[\s-]/g, '')) : null,
    };
  });
}
