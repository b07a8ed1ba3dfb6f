export * from './calendar-date';
export * from './legal-period';
export {
  PUBLISHED_SCHEDULES,
  holidayScheduleProblems,
  knownSchedules,
  type HolidaySchedule,
  type ScheduleProblem,
} from './holiday-schedule';
export * from './legal-calendar';
