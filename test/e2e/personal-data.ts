import { readFileSync } from 'node:fs';

/**
 * A full resident ID number or mobile number as it may appear anywhere: 18 digits, or a mobile
 * with or without +86, written solid or in groups (139 0936 1234, 139-0936-1234). Not inside a
 * longer run of letters and digits: a UUID's last group may hold eleven digits (…-16334633770b).
 */
export const PERSONAL_NUMBER =
  /(?<![0-9A-Za-z])(\d{17}[\dX]|(?:\+?86[\s-]?)?1[3-9]\d{9}|1[3-9]\d([\s-])\d{4}\2\d{4})(?![0-9A-Za-z])/;

/** The lines of each log file that carry one; every file must exist and hold something. */
export function leakingLogLines(logFiles: Record<string, string>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(logFiles).map(([service, file]) => {
      const lines = readFileSync(file, 'utf8').split('\n');
      if (lines.join('').trim() === '') throw new Error(`${service} wrote no log at all: ${file}`);
      return [service, lines.filter((line) => PERSONAL_NUMBER.test(line))];
    }),
  );
}
