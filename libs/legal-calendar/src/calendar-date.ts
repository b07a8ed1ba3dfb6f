/**
 * A date on the calendar of Asia/Shanghai, as `YYYY-MM-DD`. Legal periods are counted in such
 * dates, not in instants: an event at 23:30 UTC happened on the next day in China.
 */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
/**
 * Asia/Shanghai is UTC+8 all year and has kept no daylight saving time since 1991, so a fixed
 * offset is exact for every date this system deals with (and keeps the calendar free of Intl).
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMidnight(date: CalendarDate): number {
  const match = DATE_PATTERN.exec(date);
  if (!match) throw new RangeError(`not a calendar date (YYYY-MM-DD): ${date}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function fromUtcMidnight(ms: number): CalendarDate {
  return new Date(ms).toISOString().slice(0, 10);
}

/** A real date in `YYYY-MM-DD` form (2025-02-29 is not). */
export function isCalendarDate(value: unknown): value is CalendarDate {
  if (typeof value !== 'string' || !DATE_PATTERN.test(value)) return false;
  return fromUtcMidnight(toUtcMidnight(value)) === value;
}

/** The date in Asia/Shanghai at an instant. */
export function shanghaiDateOf(instant: Date): CalendarDate {
  return fromUtcMidnight(instant.getTime() + SHANGHAI_OFFSET_MS);
}

/** 00:00 of a date in Asia/Shanghai, as an instant. */
export function startOfShanghaiDay(date: CalendarDate): Date {
  return new Date(toUtcMidnight(date) - SHANGHAI_OFFSET_MS);
}

/** The instant a date has run out: 24:00 Asia/Shanghai, i.e. 00:00 of the next day. */
export function endOfShanghaiDay(date: CalendarDate): Date {
  return startOfShanghaiDay(addDays(date, 1));
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromUtcMidnight(toUtcMidnight(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: CalendarDate): number {
  return new Date(toUtcMidnight(date)).getUTCDay();
}

export function isWeekend(date: CalendarDate): boolean {
  const weekday = weekdayOf(date);
  return weekday === 0 || weekday === 6;
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

/**
 * The corresponding day `months` later; when that month has no such day (31 January + 1 month),
 * its last day — how the law counts a period in months.
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const at = new Date(toUtcMidnight(date));
  const day = at.getUTCDate();
  const firstOfTarget = Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1);
  const target = new Date(firstOfTarget);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  return fromUtcMidnight(firstOfTarget + (Math.min(day, lastDay) - 1) * DAY_MS);
}
