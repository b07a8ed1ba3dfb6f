import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, NotFoundError, type Clock } from '@chuishao/kernel';
import { ICalCalendar } from 'ical-generator';
import { shiftsOf } from '../../domain/roster';
import { DepartmentRepository } from '../../infrastructure/persistence/department.repository';
import { RosterRepository } from '../../infrastructure/persistence/roster.repository';
import { feedTokenHash } from './keep-roster.use-case';

const DAY_MS = 24 * 3600_000;
/** What a calendar app shows: the past week and the next eight. */
const FEED_BACK_MS = 7 * DAY_MS;
const FEED_AHEAD_MS = 56 * DAY_MS;

/**
 * A liaison's shifts as an iCalendar feed (RFC 5545, written by ical-generator, which folds and
 * escapes lines as the standard wants). Calendar apps cannot send a bearer token, so the feed is
 * opened with the liaison's own unguessable token (issued by an authenticated endpoint, stored as
 * a hash); a wrong or rotated token answers as an unknown feed (404). Times are written in UTC
 * (`…Z`), which every calendar app shows in its own zone, so no VTIMEZONE block is needed.
 */
@Injectable()
export class DutyFeed {
  constructor(
    private readonly departments: DepartmentRepository,
    private readonly rosters: RosterRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async ics(departmentId: string, contactId: string, token: string): Promise<string> {
    // Looked up by its hash: the token itself is never stored, nor compared byte by byte.
    const ok =
      token.length > 0 &&
      (await this.rosters.feedTokenMatches(departmentId, contactId, feedTokenHash(token)));
    const department = ok ? await this.departments.find(departmentId) : null;
    if (!department) throw new NotFoundError('FEED_NOT_FOUND', 'no such calendar feed');
    const now = this.clock.now().getTime();
    const roster = await this.rosters.find(departmentId, new Date(now - FEED_BACK_MS));
    const calendar = new ICalCalendar({
      name: `${department.nameZh} 值班`,
      prodId: { company: 'chuishao', product: 'duty-roster', language: 'ZH' },
    });
    const shifts = roster
      ? shiftsOf(roster, contactId, new Date(now - FEED_BACK_MS), new Date(now + FEED_AHEAD_MS))
      : [];
    for (const shift of shifts)
      calendar.createEvent({
        // Stable per shift, so a calendar app updates an event rather than adding a second one.
        id: `${departmentId}.${contactId}.${shift.from.getTime()}@chuishao`,
        start: shift.from,
        end: shift.to,
        stamp: new Date(now),
        summary: shift.override ? `${department.nameZh} 值班（调班）` : `${department.nameZh} 值班`,
      });
    return calendar.toString();
  }
}
