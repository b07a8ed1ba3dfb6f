import { addDays, isCalendarDate, isWeekend, type CalendarDate } from './calendar-date';
import published2025 from './schedules/2025.json';
import published2026 from './schedules/2026.json';

/**
 * One year's public holidays and make-up working days (调休) as the State Council publishes them
 * each November (国务院办公厅关于 YYYY 年部分节假日安排的通知). Holidays are inclusive date ranges;
 * a make-up working day is a Saturday or Sunday declared a working day.
 */
export interface HolidaySchedule {
  year: number;
  /** The notice it comes from, so anyone can check it. */
  source: string;
  holidays: Array<{ name: string; from: CalendarDate; to: CalendarDate }>;
  makeUpWorkdays: CalendarDate[];
}

/** The schedules shipped with the code; a later year is loaded by ops (see the README). */
export const PUBLISHED_SCHEDULES: readonly HolidaySchedule[] = [published2025, published2026];

export interface ScheduleProblem {
  field: string;
  reason: string;
}

/** A schedule's dates may reach a few weeks into the neighbouring years (元旦 2024 began 2023-12-30). */
const REACH_DAYS = 31;

/**
 * Everything wrong with a schedule, each naming its field (`holidays[2].to`), so a person loading
 * one by hand learns all mistakes at once. An empty list means it is sound.
 */
export function holidayScheduleProblems(schedule: HolidaySchedule): ScheduleProblem[] {
  const problems: ScheduleProblem[] = [];
  const { year } = schedule;
  if (!Number.isInteger(year) || year < 2000 || year > 2100)
    return [{ field: 'year', reason: 'must be a whole year between 2000 and 2100' }];
  const earliest = addDays(`${year}-01-01`, -REACH_DAYS);
  const latest = addDays(`${year}-12-31`, REACH_DAYS);
  const near = (date: CalendarDate) => date >= earliest && date <= latest;
  const restDays = new Set<CalendarDate>();
  if (schedule.holidays.length === 0) problems.push({ field: 'holidays', reason: 'must list the holidays' });
  schedule.holidays.forEach((holiday, i) => {
    for (const end of ['from', 'to'] as const) {
      if (!isCalendarDate(holiday[end]))
        problems.push({ field: `holidays[${i}].${end}`, reason: 'must be a date YYYY-MM-DD' });
      else if (!near(holiday[end]))
        problems.push({ field: `holidays[${i}].${end}`, reason: `must fall in or next to ${year}` });
    }
    if (!isCalendarDate(holiday.from) || !isCalendarDate(holiday.to)) return;
    if (holiday.to < holiday.from) {
      problems.push({ field: `holidays[${i}].to`, reason: 'must not be before from' });
      return;
    }
    for (let date = holiday.from; date <= holiday.to; date = addDays(date, 1)) restDays.add(date);
  });
  const seen = new Set<CalendarDate>();
  schedule.makeUpWorkdays.forEach((date, i) => {
    const field = `makeUpWorkdays[${i}]`;
    if (!isCalendarDate(date)) problems.push({ field, reason: 'must be a date YYYY-MM-DD' });
    else if (!near(date)) problems.push({ field, reason: `must fall in or next to ${year}` });
    else if (!isWeekend(date)) problems.push({ field, reason: 'must be a Saturday or Sunday' });
    else if (restDays.has(date)) problems.push({ field, reason: 'is also a holiday' });
    else if (seen.has(date)) problems.push({ field, reason: 'is listed twice' });
    seen.add(date);
  });
  return problems;
}

/** Every date a schedule makes a rest day or a working day, by date. */
export function daysOf(schedule: HolidaySchedule): Map<CalendarDate, 'holiday' | 'workday'> {
  const days = new Map<CalendarDate, 'holiday' | 'workday'>();
  for (const holiday of schedule.holidays)
    for (let date = holiday.from; date <= holiday.to; date = addDays(date, 1)) days.set(date, 'holiday');
  for (const date of schedule.makeUpWorkdays) days.set(date, 'workday');
  return days;
}

/**
 * The years a calendar knows, as ops reads them: each published schedule unless ops loaded that
 * year, then those loaded, by year, each saying where it came from.
 */
export function knownSchedules<L extends HolidaySchedule & { loadedAt: Date }>(loaded: readonly L[]) {
  const loadedYears = new Set(loaded.map((s) => s.year));
  return [
    ...PUBLISHED_SCHEDULES.filter((s) => !loadedYears.has(s.year)).map((s) => ({
      ...s,
      origin: 'published' as const,
    })),
    ...loaded.map((s) => ({ ...s, loadedAt: s.loadedAt.toISOString(), origin: 'loaded' as const })),
  ].sort((a, b) => a.year - b.year);
}
