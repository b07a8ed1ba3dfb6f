import fc from 'fast-check';
import { addDays, shanghaiDateOf } from './calendar-date';
import { PUBLISHED_SCHEDULES, holidayScheduleProblems, type HolidaySchedule } from './holiday-schedule';
import { LegalCalendar } from './legal-calendar';
import { configuredPeriod, days, months, seconds } from './legal-period';

/** An event at 10:00 in Beijing on a date. */
const at = (date: string, time = '10:00') => new Date(`${date}T${time}:00+08:00`);
/** The instant a date runs out in Beijing. */
const endOf = (date: string) => new Date(`${date}T24:00:00+08:00`);

describe('the legal calendar (Civil Procedure Law art. 85), on the published 2025 and 2026 schedules', () => {
  const calendar = new LegalCalendar();

  it('given an event on a working day, when 3 days are counted, then day 1 is the next day and the period ends at 24:00 of day 3', () => {
    const end = calendar.endOf(at('2025-03-10'), days(3)); // Monday
    expect(end).toEqual({ lastDay: '2025-03-13', dueAt: endOf('2025-03-13'), unscheduledYears: [] });
  });

  it('given 3 days from 2025-09-29, when the last day falls in the National Day holiday (Oct 1–8), then it ends on 2025-10-09', () => {
    expect(calendar.endOf(at('2025-09-29'), days(3)).lastDay).toBe('2025-10-09');
  });

  it('given a period whose last day is the make-up Saturday 2025-10-11, then it ends that Saturday', () => {
    expect(calendar.endOf(at('2025-10-08'), days(3)).lastDay).toBe('2025-10-11');
    expect(calendar.isRestDay('2025-10-11')).toBe(false);
    expect(calendar.isRestDay('2025-10-12')).toBe(true);
  });

  it('given a 15-day period ending inside the Spring Festival 2025 (Jan 28 – Feb 4), then it moves to 2025-02-05', () => {
    expect(calendar.endOf(at('2025-01-14'), days(15)).lastDay).toBe('2025-02-05');
  });

  it('given holidays inside a period, when its last day is a working day, then they are counted like any day', () => {
    // 30 days from 2025-09-20 run through the whole National Day holiday and end on Monday 2025-10-20.
    expect(calendar.endOf(at('2025-09-20'), days(30)).lastDay).toBe('2025-10-20');
  });

  it('given a last day on an ordinary weekend, then it ends on Monday', () => {
    expect(calendar.endOf(at('2025-03-12'), days(3)).lastDay).toBe('2025-03-17'); // Sat 15 → Mon 17
  });

  it('given an event at 23:30 UTC, then it happened on the next day in Asia/Shanghai and counting starts the day after that', () => {
    const event = new Date('2025-03-09T23:30:00Z'); // 07:30 on Monday 2025-03-10 in Beijing
    expect(shanghaiDateOf(event)).toBe('2025-03-10');
    expect(calendar.endOf(event, days(3)).lastDay).toBe('2025-03-13');
  });

  it('given one month from 2025-01-31, then February has no 31st and it ends on its last day, 2025-02-28', () => {
    expect(calendar.endOf(at('2025-01-31'), months(1))).toMatchObject({
      lastDay: '2025-02-28',
      dueAt: endOf('2025-02-28'),
    });
  });

  it('given one month ending on a rest day, then it moves to the next working day', () => {
    expect(calendar.endOf(at('2025-04-15'), months(1)).lastDay).toBe('2025-05-15');
    expect(calendar.endOf(at('2025-04-01'), months(1)).lastDay).toBe('2025-05-06'); // May 1–5 off
    expect(calendar.endOf(at('2024-01-31'), months(1)).lastDay).toBe('2024-02-29'); // leap year
  });

  it('given 2026, then its published schedule counts: Spring Festival Feb 15–23, make-up Saturday Feb 28', () => {
    expect(calendar.endOf(at('2026-02-10'), days(7)).lastDay).toBe('2026-02-24');
    expect(calendar.endOf(at('2026-02-25'), days(3)).lastDay).toBe('2026-02-28');
    expect(calendar.endOf(at('2026-02-25'), days(3)).unscheduledYears).toEqual([]);
  });

  it('given a period reaching into a year without a schedule, then weekends only are rest days and the year is reported', () => {
    const end = calendar.endOf(at('2026-12-20'), days(15)); // 2027-01-04, a Monday
    expect(end).toMatchObject({ lastDay: '2027-01-04', unscheduledYears: [2027] });
    expect(calendar.endOf(at('2026-12-30'), days(3)).lastDay).toBe('2027-01-04'); // Sat 2 → Mon 4
  });

  it('given a schedule loaded for that year, then it is used from then on', () => {
    const year2027: HolidaySchedule = {
      year: 2027,
      source: 'test',
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-05' }],
      makeUpWorkdays: ['2027-01-09'],
    };
    const loaded = calendar.with(year2027);
    expect(loaded.endOf(at('2026-12-20'), days(15))).toMatchObject({
      lastDay: '2027-01-06',
      unscheduledYears: [],
    });
    expect(loaded.endOf(at('2027-01-06'), days(3)).lastDay).toBe('2027-01-09');
    expect(calendar.hasSchedule(2027)).toBe(false); // the original is unchanged
  });

  it('given an extension, then it runs from the day after the original period’s last day', () => {
    const ruling = calendar.endOf(at('2025-09-15'), days(15)); // 09-30
    expect(ruling.lastDay).toBe('2025-09-30');
    expect(calendar.endAfter(ruling.dueAt, days(10)).lastDay).toBe('2025-10-10');
  });

  it('given a period in seconds (development), then it is elapsed time and the calendar is not consulted', () => {
    const event = at('2025-09-30');
    expect(calendar.endOf(event, seconds(60))).toEqual({
      dueAt: new Date(event.getTime() + 60_000),
      lastDay: null,
      unscheduledYears: [],
    });
    expect(calendar.endAfter(event, seconds(5)).dueAt).toEqual(new Date(event.getTime() + 5000));
  });
});

describe('the rule, for any event and any number of days (property)', () => {
  const calendar = new LegalCalendar();

  it('given any event in 2024–2027 and 1–60 days, then the last day is a working day no earlier than the nominal one, with only rest days between them', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2024-01-01T00:00:00Z'),
          max: new Date('2027-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 1, max: 60 }),
        (event, count) => {
          const nominal = addDays(shanghaiDateOf(event), count);
          const { lastDay, dueAt } = calendar.endOf(event, days(count));
          expect(lastDay! >= nominal).toBe(true);
          expect(calendar.isRestDay(lastDay!)).toBe(false);
          for (let day = nominal; day < lastDay!; day = addDays(day, 1))
            expect(calendar.isRestDay(day)).toBe(true);
          expect(dueAt).toEqual(endOf(lastDay!));
          expect(dueAt.getTime()).toBeGreaterThan(event.getTime());
        },
      ),
    );
  });
});

describe('holiday schedules', () => {
  it('given the published schedules, then each is sound', () => {
    for (const schedule of PUBLISHED_SCHEDULES) expect(holidayScheduleProblems(schedule)).toEqual([]);
    expect(PUBLISHED_SCHEDULES.map((s) => s.year)).toEqual([2025, 2026]);
  });

  it('given a malformed schedule, then every problem names its field', () => {
    const problems = holidayScheduleProblems({
      year: 2027,
      source: 'x',
      holidays: [
        { name: '春节', from: '2027-02-30', to: '2027-02-12' },
        { name: '国庆节', from: '2027-10-07', to: '2027-10-01' },
        { name: '远', from: '2029-01-01', to: '2029-01-01' },
      ],
      makeUpWorkdays: ['2027-01-06', '2027-10-02', '2027-02-20', '2027-02-20'],
    });
    expect(problems).toEqual([
      { field: 'holidays[0].from', reason: 'must be a date YYYY-MM-DD' },
      { field: 'holidays[1].to', reason: 'must not be before from' },
      { field: 'holidays[2].from', reason: 'must fall in or next to 2027' },
      { field: 'holidays[2].to', reason: 'must fall in or next to 2027' },
      { field: 'makeUpWorkdays[0]', reason: 'must be a Saturday or Sunday' },
      { field: 'makeUpWorkdays[3]', reason: 'is listed twice' },
    ]);
    expect(holidayScheduleProblems({ year: 1999, source: 'x', holidays: [], makeUpWorkdays: [] })).toEqual([
      { field: 'year', reason: 'must be a whole year between 2000 and 2100' },
    ]);
  });
});

describe('configured periods', () => {
  it('given nothing set, then the legal default; given a count, then that many of its unit; given seconds, then elapsed seconds win', () => {
    expect(configuredPeriod(days(3), undefined, undefined)).toEqual(days(3));
    expect(configuredPeriod(days(3), 5, undefined)).toEqual(days(5));
    expect(configuredPeriod(months(1), 2, undefined)).toEqual(months(2));
    expect(configuredPeriod(days(3), 5, 20)).toEqual(seconds(20));
  });
});
