import { HolidayScheduleLoaded, LEGAL_CALENDAR_STREAM_ID } from '@chuishao/contracts';
import { FixedClock } from '@chuishao/kernel';
import { http, startService, waitFor, whenHandled, type Json, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { AS_MEDIATOR, MEDIATOR, Script } from './support';

/**
 * A holiday schedule ops loads into judicial-confirmation reaches mediation as HolidayScheduleLoaded
 * (played here by the test on the `judicial` topic), and the one-month time limit computed after it
 * ends on the legal days it says. The 2027 schedule here is test data, not the State Council's.
 */
describe('mediation on the holiday schedules ops loads (real PostgreSQL and Kafka)', () => {
  let mediation: RunningService;
  const clock = new FixedClock('2027-01-10T02:00:00.000Z'); // Sunday 10 January 2027, 10:00 in Beijing
  const script = new Script(() => mediation);
  const query = (sql: string, params: unknown[] = []) => mediation.app.get(DataSource).query(sql, params);

  const schedule2027 = {
    year: 2027,
    source: 'test schedule (not the State Council’s)',
    holidays: [{ name: '春节', from: '2027-02-06', to: '2027-02-12' }],
    makeUpWorkdays: ['2027-02-13'],
  };
  const loaded = (schedule: typeof schedule2027, loadedAt: string) =>
    script.event(HolidayScheduleLoaded, LEGAL_CALENDAR_STREAM_ID, { ...schedule, loadedAt });

  async function timeLimitOfNewMediation(): Promise<string> {
    const caseId = await script.registerCase();
    await waitFor(
      'mediation to learn the case',
      async () => (await query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId])).length === 1,
    );
    await script.send(script.whistleCompleted(caseId), 'whistles');
    const opened = await waitFor(
      'the mediation to open',
      async () =>
        (await http(mediation.baseUrl, 'GET', `/cases/${caseId}/mediations`, undefined, AS_MEDIATOR)).body
          .items[0] as Json | undefined,
    );
    return opened.timeLimitDueAt as string;
  }

  beforeAll(async () => {
    mediation = await startService(
      'mediation',
      (config) =>
        AppModule.forRoot(config, {
          clock,
          settings: { defaultMediators: { 'anlizha-village': MEDIATOR.subject } },
        }),
      MEDIATION_DESCRIPTION,
    );
  });

  afterAll(async () => {
    await script.stop();
    await mediation?.close();
  });

  it('a mediation opened after the load ends its month on the loaded calendar; one opened before keeps its end', async () => {
    // Before: 2027 has no schedule here, so a month from 2027-01-10 ends on Wednesday 2027-02-10.
    expect(await timeLimitOfNewMediation()).toBe('2027-02-10T16:00:00.000Z');

    const load = loaded(schedule2027, '2026-11-20T08:00:00.000Z');
    await script.send(load, 'judicial');
    await whenHandled(mediation, load.id);
    // After: 2027-02-10 is in the loaded holiday; the period moves to the make-up Saturday 2027-02-13.
    expect(await timeLimitOfNewMediation()).toBe('2027-02-13T16:00:00.000Z');
    // Ops sees the load reached mediation (GET /holiday-schedules, beside the published years).
    const years = await http(mediation.baseUrl, 'GET', '/holiday-schedules', undefined, AS_MEDIATOR);
    expect(years.body.items.map((s: Json) => [s.year, s.origin])).toEqual([
      [2025, 'published'],
      [2026, 'published'],
      [2027, 'loaded'],
    ]);
  });

  it('a correction replaces the year; an older load arriving late (a replayed dead letter) does not undo it', async () => {
    const corrected = {
      ...schedule2027,
      holidays: [{ name: '春节', from: '2027-02-08', to: '2027-02-14' }],
      makeUpWorkdays: ['2027-02-20'],
    };
    const late = loaded(schedule2027, '2026-11-21T08:00:00.000Z');
    await script.send(loaded(corrected, '2026-11-25T08:00:00.000Z'), 'judicial');
    await script.send(late, 'judicial');
    // One stream id, one partition: the correction is handled before the late load.
    await whenHandled(mediation, late.id);
    const stored = await query(`SELECT holidays FROM holiday_schedules WHERE year = 2027`);
    expect(stored).toEqual([{ holidays: corrected.holidays }]);
    // 2027-02-08 … 2027-02-14 are rest days now, the 13th no longer a working day: Monday the 15th.
    expect(await timeLimitOfNewMediation()).toBe('2027-02-15T16:00:00.000Z');
  });
});
