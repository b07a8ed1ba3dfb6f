import { createHash } from 'node:crypto';

export const DEADLINE_OWNER = 'judicial-confirmation';

export const DEADLINE_KINDS = {
  windowReminder: 'confirmation.window-reminder',
  window: 'confirmation.window',
  acceptance: 'confirmation.acceptance',
  ruling: 'confirmation.ruling',
} as const;
export type DeadlineKind = (typeof DEADLINE_KINDS)[keyof typeof DEADLINE_KINDS];

/**
 * A stable id per deadline (UUID v5 shape from subject and kind), so scheduling again re-arms the
 * same sla-timer timer and a cancel needs nothing stored.
 */
export function deadlineIdOf(subjectId: string, kind: DeadlineKind): string {
  const hash = createHash('sha1').update(`${DEADLINE_OWNER}:${kind}:${subjectId}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
