import { fuzzService, startService, type RunningService } from '@chuishao/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';

/** Every table a request could change, as one fingerprint. */
const TABLES = [
  'known_cases',
  'mediations',
  'mediation_sessions',
  'agreements',
  'agreement_performance_records',
  'outbox',
];

/**
 * The shared fuzz driver over every route (malformed-input.int.spec.ts goes deeper into the
 * bodies): form bodies, malformed and forged tokens and ids of nothing the mediator may reach.
 */
describe('mediation fuzz: malformed and form bodies, bad tokens, out-of-scope ids', () => {
  let mediation: RunningService;

  beforeAll(async () => {
    mediation = await startService(
      'mediation',
      (config) => AppModule.forRoot(config),
      MEDIATION_DESCRIPTION,
      {
        env: { RATE_LIMIT_PER_MINUTE: '1000000' },
      },
    );
  });
  afterAll(async () => mediation?.close());

  it('answers no 5xx and changes nothing on a refused request', async () => {
    const db = mediation.app.get(DataSource);
    const text = fc.string({ maxLength: 40 });
    await fuzzService({
      baseUrl: mediation.baseUrl,
      caller: { role: 'mediator', subject: 'mediator-fuzz' },
      routes: [
        {
          method: 'POST',
          path: '/cases/:id/mediations',
          fields: { mediatorId: text, participants: fc.array(text) },
        },
        { method: 'GET', path: '/cases/:id/mediations' },
        { method: 'GET', path: '/mediations', query: ['status', 'limit'] },
        { method: 'GET', path: '/mediations/:id' },
        { method: 'GET', path: '/mediations/:id/agreement.pdf' },
        {
          method: 'POST',
          path: '/mediations/:id/sessions',
          fields: {
            startedAt: fc.constant('2026-11-24T08:00:00Z'),
            endedAt: text,
            participants: fc.array(text),
          },
        },
        { method: 'POST', path: '/mediations/:id/agreement', fields: { facts: text, terms: text } },
        { method: 'POST', path: '/mediations/:id/fail', fields: { reason: text } },
        {
          method: 'POST',
          path: '/mediations/:id/performance',
          fields: { outcome: fc.constantFrom('performed', 'not-performed', 'x'), note: text },
        },
      ],
      // Cases and mediations nobody registered (out of every scope) and ids that are not ids.
      outOfScopeIds: ['0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'not-a-uuid', '..', '%00', 'x'.repeat(300)],
      snapshot: () =>
        Promise.all(
          TABLES.map((table) =>
            db.query(
              `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS h FROM ${table} t`,
            ),
          ),
        ),
    });
  });
});
