import { fuzzService, schemaFingerprint, startService, type RunningService } from '@chuishao/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AppModule, JUDICIAL_CONFIRMATION_DESCRIPTION } from '../src/app.module';
import { COURT_ID, COURT_SECRET } from './support';

/** The run's requests, shared between the two callers below as their routes are. */
const RUNS = Number(process.env.FUZZ_RUNS_PER_SERVICE ?? 300);
/** Agreements and applications nobody has, and ids that are not ids. */
const UNKNOWN_AND_GARBAGE = [
  '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  'not-a-uuid',
  '..',
  '%00',
  'x'.repeat(300),
];
const date = fc.constantFrom('2027-02-05', '2027-02-13', '2027-02-20', '2027-13-45', '5 Feb');

/**
 * The shared fuzz driver over every route (malformed-input.int.spec.ts goes deeper into the
 * bodies, court callbacks signed or not included): malformed and form bodies, confused fields,
 * malformed and forged tokens, garbage queries and ids of nothing. Applications are a filer's and
 * holiday schedules ops', so each gets a run of its own. The court is never asked (the submitter
 * is off): nothing here is filed, and a holiday schedule ops may load is the only possible change.
 */
describe('judicial-confirmation fuzz: malformed and form bodies, bad tokens, out-of-scope ids', () => {
  let service: RunningService;
  let snapshot: () => Promise<Record<string, string>>;

  beforeAll(async () => {
    service = await startService(
      'judicial-confirmation',
      (config) =>
        AppModule.forRoot(config, {
          settings: { courtSecrets: { [COURT_ID]: COURT_SECRET }, submitter: { enabled: false } },
        }),
      JUDICIAL_CONFIRMATION_DESCRIPTION,
      // Hundreds of changes by one caller in a minute: the rate limit is not what is under test.
      { env: { RATE_LIMIT_PER_MINUTE: '1000000' } },
    );
    snapshot = schemaFingerprint((sql) => service.app.get(DataSource).query(sql));
    expect(Object.keys(await snapshot())).toEqual(
      expect.arrayContaining([
        'agreements',
        'confirmation_requests',
        'court_callbacks',
        'holiday_schedules',
        'outbox',
        'idempotency_keys',
        'audit_log',
      ]),
    );
  });
  afterAll(async () => service?.close());

  it("a mediator's applications and the court's callbacks: no 5xx, nothing changed on a refusal", async () => {
    const text = fc.string({ maxLength: 40 });
    await fuzzService(
      {
        baseUrl: service.baseUrl,
        caller: { role: 'mediator', subject: 'mediator-fuzz' },
        routes: [
          {
            method: 'POST',
            path: '/agreements/:id/confirmation-requests',
            fields: { consentingParties: fc.array(text, { maxLength: 3 }) },
          },
          // Public, but it takes only a court's signature, which no request here carries: every
          // one of them must be refused, a token attack included.
          {
            method: 'POST',
            path: '/court/callbacks',
            fields: {
              callbackId: text,
              courtId: fc.constant(COURT_ID),
              filingId: text,
              reference: fc.uuid(),
              courtCaseNumber: text,
              type: fc.constantFrom('accepted', 'refused', 'ruling-extended', 'ruled'),
              outcome: fc.constantFrom('confirmed', 'rejected'),
              reasons: fc.array(text, { maxLength: 2 }),
              at: fc.constant('2026-11-24T08:00:00Z'),
            },
          },
          { method: 'GET', path: '/agreements/:id/confirmation' },
          { method: 'GET', path: '/confirmation-requests/:id' },
          { method: 'GET', path: '/confirmation-requests/:id/application.pdf' },
          { method: 'GET', path: '/confirmation-requests/:id/court-status' },
        ],
        outOfScopeIds: UNKNOWN_AND_GARBAGE,
        snapshot,
      },
      { runs: Math.ceil(RUNS * 0.6) },
    );
  });

  it("ops' holiday schedules: no 5xx, and nothing changed on a refused request", async () => {
    await fuzzService(
      {
        baseUrl: service.baseUrl,
        caller: { role: 'ops', subject: 'ops-fuzz' },
        routes: [
          {
            method: 'POST',
            path: '/holiday-schedules',
            fields: {
              year: fc.integer({ min: 1990, max: 2110 }),
              source: fc.string({ maxLength: 40 }),
              holidays: fc.array(fc.record({ name: fc.string({ maxLength: 10 }), from: date, to: date }), {
                maxLength: 2,
              }),
              makeUpWorkdays: fc.array(date, { maxLength: 2 }),
            },
          },
          { method: 'GET', path: '/holiday-schedules' },
          { method: 'GET', path: '/agreements/:id/confirmation' },
        ],
        outOfScopeIds: UNKNOWN_AND_GARBAGE,
        snapshot,
      },
      { runs: Math.ceil(RUNS * 0.4) },
    );
  });
});
