import { as, http, startService, type RunningService } from '@chuishao/testing';
import fc from 'fast-check';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { SlaTimerStub } from './support';

/**
 * Property: whatever a caller sends — malformed JSON, wrong types, unknown fields, garbage ids and
 * query strings — the console answers 4xx (never 5xx), a 400 names the field and the reason, and
 * nothing invalid is ever forwarded to sla-timer.
 */

const RUNS = Number(process.env.FUZZ_RUNS_PER_ENDPOINT ?? 150);

const confused: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1e308, '', ' ', '\u0000', [], {}, [null], 'x'.repeat(1001)),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }),
);

const objectBody = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(
        Object.fromEntries(
          Object.entries(fields).map(([name, plausible]) => [name, fc.oneof(confused, plausible)]),
        ),
        { requiredKeys: [] },
      ),
      fc.oneof(
        { weight: 3, arbitrary: fc.constant({}) },
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
  '{"note":',
  "{'note':'x'}",
  '[1,]',
  'null',
  '"text"',
  '\ufeff{}',
  '{"note":"\\ud800"}',
  '{"__proto__":{"role":"supervisor"}}',
  `{"note":${'['.repeat(20000)}${']'.repeat(20000)}}`,
  `{"note":"${'w'.repeat(1_100_000)}"}`,
];

/** A body as text: JSON of an object with the endpoint's fields confused, or not JSON at all. */
const bodyText = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc.oneof(
    { weight: 6, arbitrary: objectBody(fields).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
    { weight: 2, arbitrary: fc.constantFrom(...NASTY_TEXTS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  );

// Never empty: `/api/cases/` is the list, another route.
const garbageId = fc.oneof(
  fc.uuid(),
  // '.' is not an id but a path segment: `/api/cases/.` is `/api/cases/`, the list (200).
  fc
    .string({ minLength: 1, maxLength: 40 })
    .map(encodeURIComponent)
    .filter((id) => id !== '.'),
  fc.constantFrom('..', '%00', 'null', '0', '-1', '%E0%A4%A', 'x'.repeat(300)),
);

const queryText = fc
  .array(
    fc.tuple(
      fc.constantFrom('groupBy', 'from', 'to', 'extra', 'from[]'),
      fc.oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom('department', 'center', '2026-11-01T00:00:00Z', '2026-13-01', ''),
      ),
    ),
    { maxLength: 4 },
  )
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

describe('ops-console malformed input', () => {
  let consoleService: RunningService;
  const stub = new SlaTimerStub();
  const supervisor = as({ role: 'supervisor', subject: 'supervisor-fuzz' });

  beforeAll(async () => {
    stub.answer = () => ({
      status: 404,
      body: { statusCode: 404, code: 'ESCALATION_NOT_FOUND', message: 'none' },
    });
    const slaTimerUrl = await stub.start();
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config, { settings: { slaTimerUrl } }),
      OPS_CONSOLE_DESCRIPTION,
      { env: { RATE_LIMIT_PER_MINUTE: '100000' } },
    );
  });

  afterAll(async () => {
    await consoleService?.close();
    await stub.stop();
  });

  function expectClientError(response: { status: number; body: unknown }) {
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const body = response.body as { code?: string; errors?: Array<{ field: string; reason: string }> };
    expect(typeof body?.code).toBe('string');
    if (body.code === 'VALIDATION_FAILED') {
      expect(body.errors!.length).toBeGreaterThan(0);
      for (const error of body.errors!) {
        // The field as sent (an unknown field may even be named ""), and why it was refused.
        expect(typeof error.field).toBe('string');
        expect(error.reason).toBeTruthy();
      }
    }
  }

  it('acknowledge: bad ids and bodies get a 4xx and never reach sla-timer unless valid', async () => {
    await fc.assert(
      fc.asyncProperty(garbageId, bodyText({ note: fc.string({ maxLength: 50 }) }), async (id, text) => {
        const callsBefore = stub.calls.length;
        const response = await http(
          consoleService.baseUrl,
          'POST',
          `/api/escalations/${id}/acknowledge`,
          text,
          {
            ...supervisor,
            'idempotency-key': `fuzz-${Math.random()}`,
          },
        );
        expectClientError(response);
        // Only a well-formed request is forwarded; sla-timer's 404 is then passed back as it came.
        if (stub.calls.length > callsBefore)
          expect((response.body as { code: string }).code).toBe('ESCALATION_NOT_FOUND');
        if (response.status === 400) expect(stub.calls.length).toBe(callsBefore);
      }),
      { numRuns: RUNS },
    );
  });

  it('dev sign-in: anything but a known role and tidy identifiers is a 400 naming the field', async () => {
    await fc.assert(
      fc.asyncProperty(
        bodyText({
          role: fc.constantFrom('supervisor', 'admin', 'system', ''),
          subject: fc.string({ maxLength: 80 }),
          departmentId: fc.string({ maxLength: 80 }),
          centerId: fc.string({ maxLength: 80 }),
        }),
        async (text) => {
          const response = await http(consoleService.baseUrl, 'POST', '/api/session/dev-token', text);
          if (response.status === 200) {
            // Only ever a person role: never `system`, never something made up.
            expect(['clerk', 'operator', 'liaison', 'mediator', 'supervisor', 'ops', 'court']).toContain(
              response.body.role,
            );
            return;
          }
          expectClientError(response);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('reads: garbage case ids and scorecard queries get a 4xx or an answer, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(garbageId, queryText, async (id, query) => {
        const page = await http(consoleService.baseUrl, 'GET', `/api/cases/${id}`, undefined, supervisor);
        expectClientError(page); // no case is known here: 400 for a bad id, 404 for a good one
        const cards = await http(
          consoleService.baseUrl,
          'GET',
          `/api/scorecards?${query}`,
          undefined,
          supervisor,
        );
        if (cards.status !== 200) expectClientError(cards);
      }),
      { numRuns: RUNS },
    );
  });
});
