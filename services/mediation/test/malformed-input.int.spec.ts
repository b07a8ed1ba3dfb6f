import { uuidv7 } from '@chuishao/kernel';
import { http, startService, waitFor, type RunningService } from '@chuishao/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { AS_MEDIATOR, PARTIES, Script, agreementBody, sessionBody } from './support';

/**
 * Property: whatever a mediator with a valid token sends to a state-changing endpoint — malformed
 * JSON, wrong types, unknown fields, missing fields, garbage ids, odd headers — mediation answers
 * 4xx (never 5xx), keeps answering, and writes nothing.
 *
 * No POST here can succeed by construction: the case already has an open mediation (a second one
 * is a 409) and the mediation the other endpoints aim at has failed (MEDIATION_CLOSED), so even a
 * well-formed body changes nothing.
 */

const RUNS_PER_ENDPOINT = Number(process.env.FUZZ_RUNS_PER_ENDPOINT ?? 150);
const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

type Payload = { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'none' };

const confused: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -1,
    1e308,
    4e-323, // printed in exponent notation: once crashed class-validator's maxDecimalPlaces
    1.005,
    '',
    ' ',
    '\u0000',
    [],
    {},
    [null],
    [[]],
    'x'.repeat(20_001),
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null)), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/** The endpoint's fields, each plausible, confused or missing, plus maybe an unknown one. */
const objectBody = (plausible: Record<string, unknown>) =>
  fc
    .tuple(
      fc.record(
        Object.fromEntries(
          Object.entries(plausible).map(([name, value]) => [
            name,
            fc.oneof({ weight: 2, arbitrary: fc.constant(value) }, { weight: 3, arbitrary: confused }),
          ]),
        ),
        { requiredKeys: [] },
      ),
      fc.oneof(
        { weight: 4, arbitrary: fc.constant({}) },
        {
          weight: 1,
          arbitrary: fc.constantFrom<Record<string, unknown>>({ extra: 1 }, { __proto__: { a: 1 } }),
        },
      ),
    )
    .map(([known, unknown]) => ({ ...unknown, ...known }));

const NASTY_TEXTS = [
  '',
  '{',
  '{"reason":',
  "{'reason':'x'}",
  '[1,]',
  'null',
  '"text"',
  '\ufeff{}',
  '{"reason":1e999}',
  '{"reason":"\\ud800"}',
  '{"__proto__":{"reason":"x"}}',
  `{"reason":${'['.repeat(20_000)}1${']'.repeat(20_000)}}`,
  `{"facts":"${'w'.repeat(1_100_000)}"}`, // over the 1 MB body limit
];

const payload = (plausible: Record<string, unknown>): fc.Arbitrary<Payload> =>
  fc.oneof(
    { weight: 10, arbitrary: objectBody(plausible).map((value): Payload => ({ kind: 'json', value })) },
    {
      weight: 2,
      arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): Payload => ({ kind: 'json', value })),
    },
    {
      weight: 3,
      arbitrary: fc
        .oneof(fc.constantFrom(...NASTY_TEXTS), fc.string({ maxLength: 100 }))
        .map((text): Payload => ({ kind: 'text', text })),
    },
    { weight: 1, arbitrary: fc.constant<Payload>({ kind: 'none' }) },
  );

const garbageId = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom(
    '%',
    '%00',
    '..',
    'null',
    '__proto__',
    '00000000-0000-0000-0000-000000000000',
    'a'.repeat(3000),
  ),
);

const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  {
    weight: 2,
    arbitrary: fc.constantFrom('text/plain', 'application/xml', '', 'application/json; charset=utf-16'),
  },
);

const idempotencyKey = fc.oneof(
  { weight: 4, arbitrary: fc.constant<string | null>(null) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', 'k'.repeat(201), 'é', 'fuzz-reused-key') },
);

describe('mediation under malformed input (property-based)', () => {
  let mediation: RunningService;
  const script = new Script(() => mediation);
  const ids = { caseWithOpenMediation: '', failedMediation: '' };
  let requests = 0;

  const state = async () =>
    (
      await mediation.app.get(DataSource).query(`
        SELECT (SELECT count(*)::int FROM outbox) AS outbox,
               (SELECT count(*)::int FROM mediation_sessions) AS sessions,
               (SELECT count(*)::int FROM agreements) AS agreements,
               (SELECT count(*)::int FROM agreement_performance_records) AS performance,
               (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
               (SELECT count(*)::int FROM audit_log) AS audit_log,
               (SELECT md5(coalesce(string_agg(id::text || ':' || state || ':' || session_count, '|' ORDER BY id), ''))
                  FROM mediations) AS mediations`)
    )[0] as Record<string, number | string>;

  beforeAll(async () => {
    mediation = await startService(
      'mediation',
      (config) => AppModule.forRoot(config),
      MEDIATION_DESCRIPTION,
      {
        env: { RATE_LIMIT_PER_MINUTE: '100000000' },
      },
    );
    const open = async () => {
      const caseId = await script.registerCase();
      await waitFor(
        'mediation to learn the case',
        async () =>
          (
            await mediation.app
              .get(DataSource)
              .query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId])
          ).length === 1,
      );
      const opened = await http(mediation.baseUrl, 'POST', `/cases/${caseId}/mediations`, {}, AS_MEDIATOR);
      expect(opened.status).toBe(201);
      return { caseId, id: opened.body.id as string };
    };
    ids.caseWithOpenMediation = (await open()).caseId;
    const failing = await open();
    ids.failedMediation = failing.id;
    const failed = await http(
      mediation.baseUrl,
      'POST',
      `/mediations/${failing.id}/fail`,
      { reason: 'set up for the fuzz test' },
      AS_MEDIATOR,
    );
    expect(failed.status).toBe(200);
  });

  afterAll(async () => {
    await script.stop();
    await mediation?.close();
    process.stderr.write(`[malformed input] ${requests} requests\n`);
  });

  const endpoints = [
    {
      name: 'POST /cases/:caseId/mediations',
      path: (id: string) => `/cases/${id}/mediations`,
      id: () => ids.caseWithOpenMediation,
      plausible: {
        mediatorId: 'mediator-li',
        participants: ['shangqin-judicial-office'],
        level: 'town_center',
      },
    },
    {
      name: 'POST /mediations/:id/sessions',
      path: (id: string) => `/mediations/${id}/sessions`,
      id: () => ids.failedMediation,
      plausible: sessionBody('情'),
    },
    {
      name: 'POST /mediations/:id/agreement',
      path: (id: string) => `/mediations/${id}/agreement`,
      id: () => ids.failedMediation,
      plausible: agreementBody({
        partySignatures: PARTIES.map((party) => ({ party, signedAt: new Date().toISOString() })),
      }),
    },
    {
      name: 'POST /mediations/:id/fail',
      path: (id: string) => `/mediations/${id}/fail`,
      id: () => ids.failedMediation,
      plausible: { reason: 'no agreement', referral: 'arbitration' },
    },
    {
      name: 'POST /mediations/:id/performance',
      path: (id: string) => `/mediations/${id}/performance`,
      id: () => ids.failedMediation,
      plausible: { outcome: 'not-performed', note: 'nothing paid' },
    },
  ];

  it.each(endpoints)('$name: 4xx for anything, nothing written', async (endpoint) => {
    const before = await state();
    const pathId = fc.oneof(
      { weight: 6, arbitrary: fc.constant(endpoint.id()) },
      { weight: 1, arbitrary: fc.constant(uuidv7()) },
      { weight: 2, arbitrary: garbageId },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ id: pathId, payload: payload(endpoint.plausible), contentType, idempotencyKey }),
        async (attempt) => {
          requests += 1;
          const headers: Record<string, string> = { ...AS_MEDIATOR };
          if (attempt.contentType !== null) headers['content-type'] = attempt.contentType;
          if (attempt.idempotencyKey !== null) headers['idempotency-key'] = attempt.idempotencyKey;
          const body =
            attempt.payload.kind === 'none'
              ? undefined
              : attempt.payload.kind === 'text'
                ? attempt.payload.text
                : (JSON.stringify(attempt.payload.value) ?? 'null');
          const response = await fetch(`${mediation.baseUrl}${endpoint.path(attempt.id)}`, {
            method: 'POST',
            headers,
            body,
          });
          await response.arrayBuffer();
          expect(response.status).toBeGreaterThanOrEqual(400);
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: RUNS_PER_ENDPOINT, seed: FUZZ_SEED },
    );
    expect(await state()).toEqual(before);
    // Still answering properly afterwards.
    const health = await http(mediation.baseUrl, 'GET', '/health/ready');
    expect(health.status).toBe(200);
  });
});
