import { fuzzService, startService, type RunningService } from '@chuishao/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';

/** Everything a request could change: rows of every table the service writes, as one fingerprint. */
const TABLES = [
  'timers',
  'known_cases',
  'summons_sla',
  'breaches',
  'escalations',
  'early_responses',
  'outbox',
];

describe('sla-timer fuzz: malformed and form bodies, bad tokens, out-of-scope ids', () => {
  let sla: RunningService;

  beforeAll(async () => {
    // The acknowledge route spends the changes budget: hundreds of attempts from one supervisor.
    sla = await startService('sla-timer', (config) => AppModule.forRoot(config), SLA_TIMER_DESCRIPTION, {
      env: { RATE_LIMIT_PER_MINUTE: '1000000' },
    });
  });
  afterAll(async () => sla?.close());

  it('answers no 5xx and changes nothing on a refused request', async () => {
    const db = sla.app.get(DataSource);
    await fuzzService({
      baseUrl: sla.baseUrl,
      caller: { role: 'supervisor', subject: 'supervisor-fuzz' },
      routes: [
        {
          method: 'POST',
          path: '/escalations/:id/acknowledge',
          fields: { note: fc.string({ maxLength: 50 }) },
        },
        { method: 'GET', path: '/breaches', query: ['open', 'limit'] },
        { method: 'GET', path: '/whistles/:id/sla' },
        { method: 'GET', path: '/scorecards/departments', query: ['from', 'to'] },
        { method: 'GET', path: '/scorecards/centers', query: ['from', 'to'] },
      ],
      // Unknown escalations and whistles (a well-formed id nobody has) and ids that are not ids.
      outOfScopeIds: ['0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'not-a-uuid', '..', '%00', 'x'.repeat(300)],
      snapshot: () =>
        Promise.all(
          TABLES.map((table) =>
            db.query(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS h
                      FROM ${table} t`),
          ),
        ),
    });
  });
});
