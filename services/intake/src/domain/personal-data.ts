/**
 * Citizens' ID numbers and phones (SPEC "The flow" 1): stored encrypted, shown masked, in full
 * only to the roles whose work needs them, searchable by a keyed hash of the normalised value.
 * The rules live here; the encryption itself is infrastructure (PersonalDataCipher).
 */

/** The window clerk checks identities at registration; the mediator contacts and identifies parties. */
export const ROLES_SEEING_FULL_PERSONAL_DATA: readonly string[] = ['clerk', 'mediator'];

/** A clerk finds a returning citizen's earlier cases; an operator checks for related cases before whistling. */
export const ROLES_SEARCHING_BY_PERSONAL_DATA: readonly string[] = ['clerk', 'operator'];

export function maySeeFullPersonalData(role: string): boolean {
  return ROLES_SEEING_FULL_PERSONAL_DATA.includes(role);
}

export function maySearchByPersonalData(role: string): boolean {
  return ROLES_SEARCHING_BY_PERSONAL_DATA.includes(role);
}

const RESIDENT_ID = /^\d{17}[\dX]$/;
const PHONE_DIGITS = /^\d{5,20}$/;

/** The form an ID number is stored, hashed and searched in: trimmed, upper-case (a final x is X). */
export function normaliseIdNumber(value: string): string {
  return value.trim().toUpperCase();
}

/** The form a phone is stored, hashed and searched in: its digits only ("139 1234-5678" → 13912345678). */
export function normalisePhone(value: string): string {
  return value.replace(/\D/g, '');
}

/** An 18-character resident ID number, already normalised. */
export function isResidentIdNumber(normalised: string): boolean {
  return RESIDENT_ID.test(normalised);
}

/** 5 to 20 digits, already normalised. */
export function isPhoneNumber(normalised: string): boolean {
  return PHONE_DIGITS.test(normalised);
}
