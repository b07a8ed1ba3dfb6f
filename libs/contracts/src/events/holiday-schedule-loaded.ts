import { z } from 'zod';
import { defineEvent } from '../define-event';
import { TOPICS } from '../topics';
import { isoDateTime } from '../vocabulary';

/**
 * The stream a legal-calendar event stands on, in the envelope's `caseId`: such an event is about
 * no case, and one fixed key keeps the loads of every year in order on one partition (a correction
 * of a year always arrives after what it corrects). Consumers of case events never see it: they
 * subscribe to CASE_EVENT_DEFINITIONS.
 */
export const LEGAL_CALENDAR_STREAM_ID = '00000000-0000-7000-8000-000000000001';

const calendarDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

/**
 * Ops loaded a year's holiday schedule (the State Council's notice) into judicial-confirmation,
 * or corrected one: every service that counts legal periods (mediation's one-month limit and
 * ladder) counts with it from then on. The whole schedule travels, so a consumer needs nothing else.
 */
export const HolidayScheduleLoaded = defineEvent({
  type: 'HolidayScheduleLoaded',
  version: 1,
  topic: TOPICS.judicial,
  stream: 'legal-calendar',
  description:
    'A year’s holiday schedule (public holidays and make-up working days) was loaded or corrected by ops; every legal period counted from then on uses it. Key: the legal-calendar stream id, not a case.',
  payload: z.object({
    year: z.number().int().min(2000).max(2100),
    source: z.string().min(1).max(500),
    holidays: z
      .array(z.object({ name: z.string().min(1).max(100), from: calendarDate, to: calendarDate }))
      .min(1),
    makeUpWorkdays: z.array(calendarDate),
    loadedAt: isoDateTime,
  }),
});
