import { uuidv7 } from '@chuishao/kernel';
import { as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AppModule, JUDICIAL_CONFIRMATION_DESCRIPTION } from '../src/app.module';
import { COURT_ID, COURT_SECRET, Script, courtHeaders } from './support';

/**
 * Property: whatever a filer with a valid token sends to POST …/confirmation-requests, and
 * whatever a court (correctly signed or not) posts to /court/callbacks, and whatever ops posts
 * to /holiday-schedules — malformed JSON, wrong types, unknown fields, garbage ids, oversized
 * values — the service answers 4xx (never 5xx), keeps answering, and writes nothing. No request
 * can succeed by construction: the one agreement it knows is on a marriage relationship (409
 * MATTER_NOT_CONFIRMABLE), no callback names an application that exists, and the only plausible
 * make-up working day offered to the schedule is a Wednesday.
 */
const RUNS = Number(process.env.FUZZ_RUNS_PER_ENDPOINT ?? 200);
const MEDIATOR = as({ role: 'mediator', subject: 'mediator-1' });
const OPS = as({ role: 'ops', subject: 'ops-1' });

const confused: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    1e308,
    '',
    ' ',
    '\u0000',
    'null',
    [],
    {},
    [[]],
    [null],
    '\ud800',
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null)), { maxLength: 6 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constantFrom<unknown>(
    'x'.repeat(100_000),
    Array.from({ length: 500 }, (_, i) => `p${i}`),
    ['王某', '李某'],
  ),
);

const body = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(
        Object.fromEntries(
          Object.entries(fields).map(([k, plausible]) => [
            k,
            fc.oneof({ weight: 3, arbitrary: confused }, plausible),
          ]),
        ),
        { requiredKeys: [] },
      ),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant({}) },
        {
          weight: 1,
          arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), {
            maxKeys: 3,
          }),
        },
      ),
    )
    .map(([known, unknown]) => ({ ...unknown, ...known }));

const NASTY_TEXTS = [
  '',
  '{',
  '{"consentingParties":',
  "{'a':1}",
  '[1,]',
  'null',
  '0',
  '"x"',
  '[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]',
];

const payload = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.oneof(
    { weight: 5, arbitrary: body(fields).map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.constantFrom(...NASTY_TEXTS) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  );

const pathId = (known: string) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(known) },
    { weight: 1, arbitrary: fc.uuid().map(String) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'not-a-uuid',
        '%00',
        '..',
        'x'.repeat(300),
        '00000000-0000-0000-0000-000000000000',
      ),
    },
  );

describe('judicial-confirmation under malformed input (property)', () => {
  let service: RunningService;
  const script = new Script(() => service);
  let agreementId = '';

  const state = async () => {
    const [row] = await service.app.get(DataSource).query(`
      SELECT (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM confirmation_requests) AS requests,
             (SELECT count(*)::int FROM court_callbacks) AS callbacks,
             (SELECT count(*)::int FROM holiday_schedules) AS holiday_schedules,
             (SELECT md5(string_agg(agreement_id::text || window_state, '|' ORDER BY agreement_id)) FROM agreements) AS agreements`);
    return row;
  };

  beforeAll(async () => {
    service = await startService(
      'judicial-confirmation',
      (config) =>
        AppModule.forRoot(config, {
          settings: {
            courtSecrets: { [COURT_ID]: COURT_SECRET },
            submitter: { enabled: false },
          },
        }),
      JUDICIAL_CONFIRMATION_DESCRIPTION,
    );
    ({ agreementId } = await script.agreement({ categories: ['marriage_relationship'] }));
    await waitFor(
      'the agreement to be known',
      async () =>
        (await http(service.baseUrl, 'GET', `/agreements/${agreementId}/confirmation`, undefined, MEDIATOR))
          .status === 200,
    );
  });

  afterAll(async () => {
    await script.stop();
    await service?.close();
  });

  it('POST /agreements/:id/confirmation-requests: always 4xx, nothing written', async () => {
    const before = await state();
    await fc.assert(
      fc.asyncProperty(
        pathId(agreementId),
        payload({ consentingParties: fc.constant(['王某', '李某']) }),
        fc.option(fc.constantFrom('application/json', 'text/plain', 'application/json; charset=latin1'), {
          nil: null,
        }),
        fc.option(fc.oneof(fc.uuid().map(String), fc.constantFrom('', ' ', 'é', 'k'.repeat(201))), {
          nil: null,
        }),
        async (id, raw, contentType, key) => {
          const headers: Record<string, string> = { ...MEDIATOR };
          if (contentType) headers['content-type'] = contentType;
          if (key !== null) headers['idempotency-key'] = key;
          const response = await fetch(`${service.baseUrl}/agreements/${id}/confirmation-requests`, {
            method: 'POST',
            headers,
            body: raw,
          }).catch((error: unknown) => ({ status: 0, error }));
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    expect(await state()).toEqual(before);
    expect((await http(service.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });

  it('POST /court/callbacks, signed or not: always 4xx, nothing written', async () => {
    const before = await state();
    const notice = {
      callbackId: fc.uuid().map(String),
      courtId: fc.constant(COURT_ID),
      filingId: fc.uuid().map(String),
      reference: fc.oneof(fc.uuid().map(String), fc.constant(uuidv7())),
      courtCaseNumber: fc.constant('(2026)赣0702民特1号'),
      type: fc.constantFrom('accepted', 'refused', 'ruling-extended', 'ruled'),
      outcome: fc.constantFrom('confirmed', 'rejected'),
      reasons: fc.constant(['because']),
      at: fc.constant(new Date().toISOString()),
    };
    await fc.assert(
      fc.asyncProperty(payload(notice), fc.boolean(), async (raw, sign) => {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        // Signed over the exact text sent, so the signature holds and the notice itself is judged.
        if (sign) Object.assign(headers, courtHeaders(raw));
        const response = await fetch(`${service.baseUrl}/court/callbacks`, {
          method: 'POST',
          headers,
          body: raw,
        });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    expect(await state()).toEqual(before);
  });

  it('POST /holiday-schedules: always 4xx, nothing written', async () => {
    const before = await state();
    const holiday = fc.record({
      name: fc.oneof(fc.constant('春节'), confused),
      from: fc.oneof(fc.constantFrom('2027-02-06', '2027-02-30', '2027-13-01', '2029-01-01'), confused),
      to: fc.oneof(fc.constantFrom('2027-02-12', '2027-02-01'), confused),
    });
    await fc.assert(
      fc.asyncProperty(
        payload({
          year: fc.constantFrom(2027, 1999, 2027.5),
          source: fc.constant('国务院办公厅关于2027年部分节假日安排的通知'),
          holidays: fc.array(holiday, { maxLength: 3 }),
          makeUpWorkdays: fc.constant(['2027-01-06']),
        }),
        async (raw) => {
          const response = await fetch(`${service.baseUrl}/holiday-schedules`, {
            method: 'POST',
            headers: { ...OPS, 'content-type': 'application/json', 'idempotency-key': uuidv7() },
            body: raw,
          });
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS, seed: process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined },
    );
    expect(await state()).toEqual(before);
  });
});
