import type { CaseChannel, CasePlace, DisputeType, PartyRole, Urgency } from '@chuishao/contracts';
import { InvalidError, maskIdNumber, maskPhone } from '@chuishao/kernel';
import type { CaseStatus } from './case-status';
import { isPhoneNumber, isResidentIdNumber, normaliseIdNumber, normalisePhone } from './personal-data';

/** As the request gives it: an optional field may be absent or null (class-validator's IsOptional lets both through). */
export interface PartyInput {
  role: PartyRole;
  name: string;
  idNumber?: string | null;
  phone?: string | null;
}

/** A party's full ID number and phone, normalised (see personal-data.ts). */
export interface PartyPersonalData {
  idNumber: string | null;
  phone: string | null;
}

/**
 * A party as the case knows it: masked ID number and phone always; the full values (`personal`)
 * only on a party just registered, and on one read for a role allowed to see them. At rest the
 * full values exist only encrypted; events and logs carry the masked ones.
 */
export interface Party {
  id: string;
  role: PartyRole;
  name: string;
  idNumberMasked: string | null;
  phoneMasked: string | null;
  personal?: PartyPersonalData;
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
  /** Where the dispute is (address, position), when the window or the Open311 request gave it. */
  place?: CasePlace | null;
  status: CaseStatus;
  parties: Party[];
  registeredAt: Date;
  closedAt: Date | null;
  closeReason: string | null;
}

/** A place as a request gives it: every part optional (class-validator lets absent and null through). */
export interface PlaceInput {
  address?: string | null;
  location?: { latitude: number; longitude: number } | null;
}

/** The case's place: the address trimmed, only what was given; null when nothing was. */
export function casePlaceOf(input: PlaceInput | null | undefined): CasePlace | null {
  const address = input?.address?.trim() || null;
  const location = input?.location
    ? { latitude: input.location.latitude, longitude: input.location.longitude }
    : null;
  return address === null && location === null ? null : { address, location };
}

/** Free text of a case (summary, names, close reason): trimmed, and never blank. */
export function requiredText(value: string, code: string, field: string): string {
  const text = value.trim();
  if (text === '') throw new InvalidError(code, 'must not be blank', field);
  return text;
}

/** Rules of a registration that the DTO shape alone cannot express. */
export function buildParties(inputs: PartyInput[], newId: () => string): Party[] {
  if (!inputs.some((p) => p.role === 'applicant')) {
    throw new InvalidError('APPLICANT_REQUIRED', 'a case needs at least one applicant', 'parties');
  }
  return inputs.map((p, index) => {
    const idNumber = p.idNumber == null ? null : normaliseIdNumber(p.idNumber);
    if (idNumber !== null && !isResidentIdNumber(idNumber)) {
      throw new InvalidError(
        'ID_NUMBER_INVALID',
        'must be an 18-character resident ID number',
        `parties[${index}].idNumber`,
      );
    }
    const phone = p.phone == null ? null : normalisePhone(p.phone);
    if (phone !== null && !isPhoneNumber(phone)) {
      throw new InvalidError('PHONE_INVALID', 'must hold 5 to 20 digits', `parties[${index}].phone`);
    }
    return {
      id: newId(),
      role: p.role,
      name: requiredText(p.name, 'PARTY_NAME_REQUIRED', `parties[${index}].name`),
      idNumberMasked: idNumber ? maskIdNumber(idNumber) : null,
      phoneMasked: phone ? maskPhone(phone) : null,
      personal: { idNumber, phone },
    };
  });
}
