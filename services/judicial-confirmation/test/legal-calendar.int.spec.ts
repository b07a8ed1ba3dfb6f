import { LEGAL_CALENDAR_STREAM_ID } from '@chuishao/contracts';
import { FixedClock, uuidv7 } from '@chuishao/kernel';
import { as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, JUDICIAL_CONFIRMATION_DESCRIPTION } from '../src/app.module';
import { deadlineIdOf } from '../src/domain/deadlines';
import { Script } from './support';

const MEDIATOR = as({ role: 'mediator', subject: 'mediator-1' });
const OPS = as({ role: 'ops', subject: 'ops-1' });

/**
 * The legal periods on the legal calendar, with the service's defaults (days, not seconds), real
 * PostgreSQL and Kafka, and a fixed clock: the 3-day acceptance across the National Day holiday
 * 2025, and a holiday schedule loaded by ops counting for the deadlines computed after it.
 * The 2027 schedule loaded here is test data, not the State Council's.
 */
describe('judicial-confirmation on the legal calendar (real PostgreSQL and Kafka)', () => {
  let service: RunningService;
  const clock = new FixedClock('2025-09-29T02:00:00.000Z'); // 10:00 on Monday 29 September in Beijing
  const script = new Script(() => service);
  const query = (sql: string, params: unknown[] = []) => service.app.get(DataSource).query(sql, params);
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = MEDIATOR) =>
    http(service.baseUrl, method, path, body, headers);

  async function knownAgreement(effectiveAt: Date) {
    const agreement = await script.agreement({ effectiveAt });
    return waitFor('the agreement to be known', async () => {
      const view = await call('GET', `/agreements/${agreement.agreementId}/confirmation`, undefined, OPS);
      return view.status === 200 && { ...agreement, view: view.body };
    });
  }

  const scheduled = async (deadlineId: string): Promise<string[]> =>
    (
      await query(
        `SELECT envelope->'payload'->>'dueAt' AS due FROM outbox
         WHERE event_type = 'DeadlineScheduled' AND envelope->'payload'->>'deadlineId' = $1 ORDER BY seq`,
        [deadlineId],
      )
    ).map((r: { due: string }) => r.due);

  const schedule2027 = {
    year: 2027,
    source: 'test schedule (not the State Council’s)',
    holidays: [{ name: '春节', from: '2027-02-06', to: '2027-02-12' }],
    makeUpWorkdays: ['2027-02-13'],
  };

  beforeAll(async () => {
    service = await startService(
      'judicial-confirmation',
      (config) => AppModule.forRoot(config, { clock, settings: { submitter: { enabled: false } } }),
      JUDICIAL_CONFIRMATION_DESCRIPTION,
    );
  });

  afterAll(async () => {
    await script.stop();
    await service?.close();
  });

  it('the 3-day acceptance applied for on 2025-09-29 runs out at the end of 2025-10-09 (Oct 1–8 are holidays)', async () => {
    const { agreementId, parties, view } = await knownAgreement(clock.now());
    // 30 days from the 30th: Wednesday 2025-10-29, a working day; 24:00 in Beijing.
    expect(view.windowClosesAt).toBe('2025-10-29T16:00:00.000Z');
    const created = await call('POST', `/agreements/${agreementId}/confirmation-requests`, {
      consentingParties: parties,
    });
    expect(created.status).toBe(201);
    expect(await scheduled(deadlineIdOf(created.body.requestId, 'confirmation.acceptance'))).toEqual([
      '2025-10-09T16:00:00.000Z',
    ]);
  });

  it('a schedule loaded by ops (role ops, Idempotency-Key, audited) counts for the deadlines computed after it', async () => {
    // Before: 2027 has no schedule, so 30 days from 2027-01-10 end on Tuesday 2027-02-09 — and it is said.
    const before = await knownAgreement(new Date('2027-01-10T02:00:00.000Z'));
    expect(before.view.windowClosesAt).toBe('2027-02-09T16:00:00.000Z');
    const metrics = await http(service.baseUrl, 'GET', '/metrics');
    expect(metrics.body).toMatch(
      /chuishao_legal_calendar_unscheduled_year_total\{year="2027",period="confirmation.window"[^}]*\} [1-9]/,
    );

    const key = uuidv7();
    const loaded = await call('POST', '/holiday-schedules', schedule2027, { ...OPS, 'idempotency-key': key });
    expect(loaded).toMatchObject({
      status: 201,
      body: { ...schedule2027, origin: 'loaded', loadedBy: 'ops-1' },
    });
    const replay = await call('POST', '/holiday-schedules', schedule2027, { ...OPS, 'idempotency-key': key });
    expect(replay).toMatchObject({ status: 201, body: loaded.body });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    const audit = await query(
      `SELECT actor_role, actor_id, entity_id, idempotency_key FROM audit_log WHERE action = 'HolidayScheduleLoaded' ORDER BY entity_id DESC`,
    );
    // The load itself (with what it replaced), and the event announcing it, as every event a person causes.
    expect(audit).toEqual([
      { actor_role: 'ops', actor_id: 'ops-1', entity_id: '2027', idempotency_key: key },
      { actor_role: 'ops', actor_id: 'ops-1', entity_id: LEGAL_CALENDAR_STREAM_ID, idempotency_key: key },
    ]);

    // The load travels to the other services counting legal periods (mediation), on the legal
    // calendar's stream rather than a case's, in the transaction that stored it.
    const announced = await query(
      `SELECT envelope FROM outbox WHERE event_type = 'HolidayScheduleLoaded' ORDER BY seq`,
    );
    expect(announced.map((r: { envelope: unknown }) => r.envelope)).toEqual([
      expect.objectContaining({
        caseId: LEGAL_CALENDAR_STREAM_ID,
        actor: { role: 'ops', id: 'ops-1' },
        payload: { ...schedule2027, loadedAt: loaded.body.loadedAt },
      }),
    ]);

    // After: the same period ends in the loaded holiday, so it moves to the make-up Saturday 2027-02-13.
    const after = await knownAgreement(new Date('2027-01-10T02:00:00.000Z'));
    expect(after.view.windowClosesAt).toBe('2027-02-13T16:00:00.000Z');
    expect(await scheduled(deadlineIdOf(after.agreementId, 'confirmation.window'))).toEqual([
      '2027-02-13T16:00:00.000Z',
    ]);
    // The deadline armed before the load keeps its due time.
    expect(
      (await call('GET', `/agreements/${before.agreementId}/confirmation`, undefined, OPS)).body
        .windowClosesAt,
    ).toBe('2027-02-09T16:00:00.000Z');

    const list = await call('GET', '/holiday-schedules', undefined, OPS);
    expect(list.body.items.map((s: { year: number; origin: string }) => [s.year, s.origin])).toEqual([
      [2025, 'published'],
      [2026, 'published'],
      [2027, 'loaded'],
    ]);
  });

  it('an unsound or malformed schedule: 400 naming the field, nothing stored', async () => {
    const count = async () => (await query('SELECT count(*)::int AS n FROM holiday_schedules'))[0].n;
    const stored = await count();
    const headers = { ...OPS, 'idempotency-key': uuidv7() };
    const unsound = await call(
      'POST',
      '/holiday-schedules',
      { ...schedule2027, year: 2028, holidays: [{ name: '春节', from: '2028-01-26', to: '2028-02-30' }] },
      headers,
    );
    expect(unsound).toMatchObject({
      status: 400,
      body: { code: 'HOLIDAY_SCHEDULE_INVALID', errors: [{ field: 'holidays[0].to' }] },
    });
    const malformed = await call(
      'POST',
      '/holiday-schedules',
      { ...schedule2027, year: 'next', makeUpWorkdays: ['13 Feb'] },
      { ...OPS, 'idempotency-key': uuidv7() },
    );
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'makeUpWorkdays',
      'year',
    ]);
    expect(await count()).toBe(stored);
  });
});
