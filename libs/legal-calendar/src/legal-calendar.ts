import {
  addDays,
  addMonths,
  endOfShanghaiDay,
  isWeekend,
  shanghaiDateOf,
  yearOf,
  type CalendarDate,
} from './calendar-date';
import { daysOf, PUBLISHED_SCHEDULES, type HolidaySchedule } from './holiday-schedule';
import type { LegalPeriod } from './legal-period';

export interface PeriodEnd {
  /** When the period has run out: the end (24:00 Asia/Shanghai) of its last day. */
  dueAt: Date;
  /** Its last day, after any move past rest days; null for an elapsed (seconds) period. */
  lastDay: CalendarDate | null;
  /**
   * Years the period's end was judged in that have no holiday schedule: only weekends counted as
   * rest days there, so the end may be early. Callers warn about them.
   */
  unscheduledYears: number[];
}

/**
 * Legal time as the Civil Procedure Law counts it (art. 85 and the interpretation's art. 125):
 * a period in days or months starts on the day after the event (the event's own day is not
 * counted); when its last day is a rest day — a weekend or a public holiday — it ends on the next
 * working day, and a make-up working day (调休) is a working day. Days are those of Asia/Shanghai.
 * Immutable: loading a schedule gives a new calendar.
 */
export class LegalCalendar {
  private readonly days = new Map<CalendarDate, 'holiday' | 'workday'>();
  private readonly years = new Map<number, HolidaySchedule>();

  constructor(schedules: readonly HolidaySchedule[] = PUBLISHED_SCHEDULES) {
    for (const schedule of [...schedules].sort((a, b) => a.year - b.year)) {
      this.years.set(schedule.year, schedule);
      for (const [date, kind] of daysOf(schedule)) this.days.set(date, kind);
    }
  }

  /** This calendar with `schedule` in place of whatever it had for that year. */
  with(schedule: HolidaySchedule): LegalCalendar {
    return new LegalCalendar([...[...this.years.values()].filter((s) => s.year !== schedule.year), schedule]);
  }

  schedules(): HolidaySchedule[] {
    return [...this.years.values()];
  }

  hasSchedule(year: number): boolean {
    return this.years.has(year);
  }

  isRestDay(date: CalendarDate): boolean {
    const declared = this.days.get(date);
    if (declared) return declared === 'holiday';
    return isWeekend(date);
  }

  /** When a period that starts with an event at `event` ends. */
  endOf(event: Date, period: LegalPeriod): PeriodEnd {
    if (period.unit === 'seconds') return elapsed(event, period.count);
    return this.endFromDay(shanghaiDateOf(event), period);
  }

  /**
   * When a period that runs on from another (an extension) ends: it starts the day after the
   * other's last day, found from the other's due instant (the end of that day).
   */
  endAfter(previousDueAt: Date, period: LegalPeriod): PeriodEnd {
    if (period.unit === 'seconds') return elapsed(previousDueAt, period.count);
    return this.endFromDay(shanghaiDateOf(new Date(previousDueAt.getTime() - 1)), period);
  }

  private endFromDay(eventDay: CalendarDate, period: LegalPeriod): PeriodEnd {
    // Counting days from the event's day adds them from the day after: day 1 is tomorrow.
    const nominal =
      period.unit === 'days' ? addDays(eventDay, period.count) : addMonths(eventDay, period.count);
    const unscheduled = new Set<number>();
    let lastDay = nominal;
    for (;;) {
      if (!this.years.has(yearOf(lastDay))) unscheduled.add(yearOf(lastDay));
      if (!this.isRestDay(lastDay)) break;
      lastDay = addDays(lastDay, 1);
    }
    return { dueAt: endOfShanghaiDay(lastDay), lastDay, unscheduledYears: [...unscheduled] };
  }
}

function elapsed(from: Date, seconds: number): PeriodEnd {
  return { dueAt: new Date(from.getTime() + seconds * 1000), lastDay: null, unscheduledYears: [] };
}
