/** GB 11643-1999: the 18th character of a resident ID number is a checksum of the first 17. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

export function isResidentIdNumber(value: string): boolean {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  if (CHECK_CHARACTERS[sum % 11] !== id[17]) return false;
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

/** A mainland mobile number: 11 digits starting 13-19, optionally written with +86 and spaces. */
export function isMainlandMobile(value: string): boolean {
  const digits = value.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  return /^1[3-9]\d{9}$/.test(digits);
}

/** What the window shows once a case is saved: never the whole number on screen again. */
export function maskIdNumber(value: string): string {
  const id = value.trim();
  return id.length === 18 ? `${id.slice(0, 6)}********${id.slice(14)}` : '******';
}

export function maskPhone(value: string): string {
  const digits = value.replace(/\D/g, '');
  return digits.length >= 7 ? `${digits.slice(0, 3)}****${digits.slice(-4)}` : '****';
}
