import { as, http, waitFor } from '@chuishao/testing';
import { LegalCalendar, addDays, months, type HolidaySchedule } from '@chuishao/legal-calendar';
import { ANLIZHA_CASE, clerk, ok } from './api';
import { startSystem, type RunningSystem } from './system';

const ops = as({ role: 'ops', subject: 'ops-1' });
const mediator = as({ role: 'mediator', subject: 'mediator-zhang' });

/**
 * One calendar, one load (issue 19 item 4), through the real system: ops loads a year's holiday
 * schedule into judicial-confirmation through the console's gateway, as the workstation's
 * 法定节假日安排 page does; mediation learns it from HolidayScheduleLoaded, says so on its own
 * GET /holiday-schedules, and a mediation opened afterwards ends its one-month limit on it. The
 * schedule is test data: the month's last day (in a year with no published schedule) declared a
 * two-day holiday.
 */
describe('the legal calendar, end to end (intake, mediation, judicial-confirmation, ops-console)', () => {
  let system: RunningSystem;
  let consoleUrl: string;

  beforeAll(async () => {
    system = await startSystem({ services: ['intake', 'mediation', 'judicial-confirmation', 'ops-console'] });
    consoleUrl = system.urls['ops-console'];
  });

  afterAll(async () => system?.stop());

  it('a schedule ops loads into judicial-confirmation reaches mediation and moves its time limit', async () => {
    const published = new LegalCalendar();
    const lastDay = published.endOf(new Date(), months(1)).lastDay!;
    const year = Number(lastDay.slice(0, 4));
    const schedule: HolidaySchedule = {
      year,
      source: 'e2e test schedule (not the State Council’s)',
      holidays: [{ name: '测试假期', from: lastDay, to: addDays(lastDay, 1) }],
      makeUpWorkdays: [],
    };
    const loaded = await ok(consoleUrl, 'POST', '/api/judicial-confirmation/holiday-schedules', schedule, {
      ...ops,
      'idempotency-key': `holidays-${year}-${Date.now()}`,
    });
    expect(loaded).toMatchObject({ year, origin: 'loaded' });
    await waitFor('mediation to count with the loaded schedule', async () => {
      const { body } = await http(consoleUrl, 'GET', '/api/mediation/holiday-schedules', undefined, ops);
      return (body.items ?? []).some(
        (s: { year: number; origin: string; loadedAt?: string }) =>
          s.year === year && s.origin === 'loaded' && s.loadedAt === loaded.loadedAt,
      );
    });

    const registered = await ok(consoleUrl, 'POST', '/api/intake/cases', ANLIZHA_CASE, {
      ...clerk,
      'idempotency-key': `legal-calendar-${Date.now()}`,
    });
    const opened = await waitFor('mediation to learn of the case and open', async () => {
      const { status, body } = await http(
        consoleUrl,
        'POST',
        `/api/mediation/cases/${registered.id}/mediations`,
        {},
        mediator,
      );
      return status === 201 && body;
    });
    const onLoaded = new LegalCalendar().with(schedule).endOf(new Date(opened.openedAt), months(1));
    const onPublished = published.endOf(new Date(opened.openedAt), months(1));
    expect(onLoaded.dueAt.getTime()).toBeGreaterThan(onPublished.dueAt.getTime());
    expect(opened.timeLimitDueAt).toBe(onLoaded.dueAt.toISOString());
  });
});
