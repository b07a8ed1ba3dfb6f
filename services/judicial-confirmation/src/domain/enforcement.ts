import { months, type CalendarDate, type LegalCalendar } from '@chuishao/legal-calendar';
import type { Agreement } from './agreement';

/** Civil Procedure Law art. 250: a party applies for enforcement within two years. */
export const ENFORCEMENT_APPLICATION_PERIOD = months(24);

/** Until when a party may apply to the court for enforcement of a confirmed agreement. */
export interface EnforcementWindow {
  /** The last day to apply (Asia/Shanghai). */
  lastDay: CalendarDate;
  /** Its end: 24:00 Beijing time of the last day. */
  closesAt: Date;
  /** What the two years run from: the agreement's performance deadline, or the ruling. */
  countedFrom: 'performance-deadline' | 'ruling';
}

/**
 * Civil Procedure Law art. 250: the two years run from the last day of the performance period
 * the agreement sets; when it sets none, from the day the confirming ruling takes effect (taken
 * as the ruling's date). Counted as art. 85 counts a period — from the next day, so the same date
 * two years on (29 February: 28 February) — and a last day on a rest day moves to the next
 * working day. Taken literally even when the performance deadline passed before the ruling: the
 * earlier end is the one a party can safely rely on.
 */
export function enforcementWindowOf(
  agreement: Pick<Agreement, 'performanceDeadline'>,
  ruledAt: Date,
  calendar: LegalCalendar,
): EnforcementWindow {
  const deadline = agreement.performanceDeadline;
  // The performance deadline is an instant to perform by: its last day is the day it falls on,
  // or for 24:00 Beijing time (00:00 of the next day) the day that ends there — as endAfter reads it.
  const end = deadline
    ? calendar.endAfter(deadline, ENFORCEMENT_APPLICATION_PERIOD)
    : calendar.endOf(ruledAt, ENFORCEMENT_APPLICATION_PERIOD);
  // A period in months always has a last day (only elapsed seconds have none).
  if (end.lastDay === null) throw new Error('a period in months without a last day');
  return {
    lastDay: end.lastDay,
    closesAt: end.dueAt,
    countedFrom: deadline ? 'performance-deadline' : 'ruling',
  };
}
