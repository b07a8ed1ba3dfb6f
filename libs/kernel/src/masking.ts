/**
 * Citizens' ID numbers and phones never appear in full in events or logs (SPEC "The flow" 1).
 * These keep just enough to tell two people apart on a screen.
 */
export function maskIdNumber(idNumber: string): string {
  const value = idNumber.trim();
  if (value.length <= 8) return '*'.repeat(value.length);
  return `${value.slice(0, 4)}${'*'.repeat(value.length - 8)}${value.slice(-4)}`;
}

export function maskPhone(phone: string): string {
  const digits = phone.trim();
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}
