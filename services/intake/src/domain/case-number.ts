/**
 * Case numbers read like the ones on paper files: center code, year of registration (Beijing
 * time, where the centers are), and a sequence per center and year — e.g. ALZ-2018-000042.
 */
export function caseYear(at: Date): number {
  return new Date(at.getTime() + 8 * 3600 * 1000).getUTCFullYear();
}

export function formatCaseNumber(centerCode: string, year: number, sequence: number): string {
  return `${centerCode}-${year}-${String(sequence).padStart(6, '0')}`;
}
