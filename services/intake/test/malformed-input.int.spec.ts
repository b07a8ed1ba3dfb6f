import fc from 'fast-check';
import { uuidv7 } from '@chuishao/kernel';
import { as, http, startService, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

/**
 * Property-based robustness of every state-changing endpoint, with a valid clerk token: bodies
 * that are malformed, oversized, of the wrong type or not JSON at all, odd Content-Types and
 * Idempotency-Keys, known, unknown and garbage case ids. The service never answers 5xx, stays
 * alive, and writes nothing, except what an input that happens to be valid is allowed to write,
 * which the property adds to the counts it expects.
 */

const RUNS = { register: 1500, close: 1000, query: 500 };

const validCase = {
  centerId: 'anlizha-village',
  channel: 'walk_in',
  disputeType: 'neighbour',
  summary: 'Two neighbours dispute a wall between their yards.',
  headcount: 2,
  urgency: 'normal',
  parties: [
    { role: 'applicant', name: '王某', idNumber: '620702198001011234', phone: '13912345678' },
    { role: 'respondent', name: '李某' },
  ],
};

// ---- values ---------------------------------------------------------------------------------

/** 200 kB and more of one character: ASCII, CJK, an emoji, NUL, a lone surrogate. */
const hugeString = fc
  .tuple(
    fc.constantFrom('x', '王', '😀', '\u0000', '\ud800', ' '),
    fc.integer({ min: 200_000, max: 220_000 }),
  )
  .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));

const hostileString = fc.constantFrom(
  '',
  ' ',
  ' \t\n ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00',
  '\u200b',
  '\u2028',
  '%00',
  '%ZZ',
  "'; DROP TABLE cases; --",
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '620702198001011234',
  '1e400',
  '-0',
);

/** A string that is often hostile for a text field: blank, NUL, lone surrogate, huge. */
const anyString = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 2, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 1, arbitrary: hugeString },
);

/** Deep nesting, built as text: [[[[…]]]] or {"a":{"a":…}}. */
const deepJson = fc
  .tuple(fc.constantFrom('[', '{"a":'), fc.integer({ min: 17, max: 50_000 }))
  .map(
    ([open, depth]) =>
      `${open.repeat(depth)}${open === '[' ? '1' : '1'}${(open === '[' ? ']' : '}').repeat(depth)}`,
  );

/** A value of any JSON type, often the wrong one for a field. */
const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anyString },
  {
    weight: 2,
    arbitrary: fc.constantFrom(null, true, false, 0, -1, 1.5, 10_001, 2 ** 53, -(2 ** 31), 1e308),
  },
  { weight: 1, arbitrary: fc.double() },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 5 }) },
  {
    weight: 1,
    arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 4 }),
  },
);

// ---- bodies ---------------------------------------------------------------------------------

/** What goes on the wire: JSON text, raw text, or no body at all. */
type WireBody = { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'none' };

const unknownKey = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'hasOwnProperty',
    'id',
    'status',
    'caseNo',
    '',
  ),
  fc.string({ maxLength: 12 }),
);

/**
 * A valid object with exactly one field replaced: the other fields pass, so the odd value reaches
 * the rules behind validation (domain, database) instead of being refused with its neighbours.
 */
function oneFieldOff(valid: Record<string, unknown>, fieldValue: fc.Arbitrary<unknown>) {
  return fc
    .tuple(fc.constantFrom(...Object.keys(valid)), fc.oneof(anyString, fieldValue))
    .map(([key, value]) => ({ ...valid, [key]: value }));
}

/** A valid object with one to three of its fields broken, removed, or joined by unknown ones. */
function mutated(valid: Record<string, unknown>, fieldValue: fc.Arbitrary<unknown>) {
  const keys = Object.keys(valid);
  const mutation = fc.oneof(
    fc.record({ op: fc.constant('set' as const), key: fc.constantFrom(...keys), value: fieldValue }),
    fc.record({ op: fc.constant('delete' as const), key: fc.constantFrom(...keys) }),
    fc.record({ op: fc.constant('add' as const), key: unknownKey, value: anyValue }),
  );
  return fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
    const body: Record<string, unknown> = { ...valid };
    for (const m of mutations) {
      if (m.op === 'delete') delete body[m.key];
      else
        Object.defineProperty(body, m.key, {
          value: m.value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    return body;
  });
}

const validParty = validCase.parties[0];

const brokenParty = fc.oneof(
  mutated(validParty, anyValue),
  anyValue,
  fc.record({
    role: fc.constantFrom('applicant', 'respondent', 'judge', ''),
    name: anyString,
    idNumber: fc.oneof(
      anyString,
      fc.constantFrom('62070219800101123x', ' 620702198001011234 ', '12345678901234567Y'),
    ),
    phone: fc.oneof(
      anyString,
      fc.constantFrom('+86 139-1234-5678', '+-----', '1'.repeat(21), '１３９１２３４５６７８'),
    ),
  }),
);

const partiesValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.array(brokenParty, { minLength: 0, maxLength: 4 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 201, max: 20_000 }).map((n) => Array.from({ length: n }, () => validParty)),
  },
  { weight: 1, arbitrary: fc.constantFrom([], [[]], [null], {}, 'applicant', 0) },
  { weight: 2, arbitrary: anyValue },
);

const caseFieldValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: anyValue },
  { weight: 1, arbitrary: partiesValue },
);

const registerBody: fc.Arbitrary<WireBody> = fc.oneof(
  {
    weight: 4,
    arbitrary: oneFieldOff(validCase, caseFieldValue).map((value) => ({ kind: 'json' as const, value })),
  },
  {
    weight: 3,
    arbitrary: oneFieldOff(validParty, anyValue).map((party) => ({
      kind: 'json' as const,
      value: { ...validCase, parties: [party, validCase.parties[1]] },
    })),
  },
  {
    weight: 6,
    arbitrary: mutated(validCase, caseFieldValue).map((value) => ({ kind: 'json' as const, value })),
  },
  {
    weight: 2,
    arbitrary: partiesValue.map((parties) => ({ kind: 'json' as const, value: { ...validCase, parties } })),
  },
  { weight: 2, arbitrary: anyValue.map((value) => ({ kind: 'json' as const, value })) },
  { weight: 2, arbitrary: malformedText(validCase) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
);

/** Text that is not the JSON of an object: cut short, trailing garbage, deep, or random. */
function malformedText(valid: object): fc.Arbitrary<WireBody> {
  const json = JSON.stringify(valid);
  return fc
    .oneof(
      fc.integer({ min: 0, max: json.length - 1 }).map((cut) => json.slice(0, cut)),
      fc.string({ maxLength: 20 }).map((tail) => `${json}${tail}x`),
      fc.constantFrom(
        '',
        'null',
        '42',
        '"text"',
        'true',
        '[]',
        '{',
        '}',
        '{"a":}',
        "{'a':1}",
        '{"a":1,}',
        '\u0000',
        'NaN',
      ),
      deepJson,
      deepJson.map((deep) => `{"centerId":"anlizha-village","parties":${deep}}`),
      fc.string({ unit: 'binary', maxLength: 200 }),
    )
    .map((text) => ({ kind: 'text' as const, text }));
}

const closeBody: fc.Arbitrary<WireBody> = fc.oneof(
  {
    weight: 5,
    arbitrary: mutated({ reason: 'withdrawn by the applicant' }, anyValue).map((value) => ({
      kind: 'json' as const,
      value,
    })),
  },
  { weight: 3, arbitrary: anyString.map((reason) => ({ kind: 'json' as const, value: { reason } })) },
  { weight: 2, arbitrary: anyValue.map((value) => ({ kind: 'json' as const, value })) },
  { weight: 2, arbitrary: malformedText({ reason: 'withdrawn' }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
);

// ---- headers --------------------------------------------------------------------------------

/** What fetch can send as a header value (latin-1, no CR/LF/NUL). */
const headerSafe = (value: string) => /^[\x09\x20-\x7e\x80-\xff]*$/.test(value);

const contentType = fc.option(
  fc.oneof(
    fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=utf-16',
      'application/json; charset=latin1',
      'application/json;;;',
      'Application/JSON',
      'application/merge-patch+json',
      'text/plain',
      'text/html',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=xyz',
      'application/octet-stream',
      '*/*',
      '',
      'garbage',
      'caf\u00e9/json',
    ),
    fc.string({ unit: 'binary-ascii', maxLength: 40 }).filter(headerSafe),
  ),
  { nil: undefined, freq: 6 },
);

const idempotencyKeyPool = Array.from({ length: 5 }, (_, i) => `fuzz-shared-${i}`);
const idempotencyKey = fc.option(
  fc.oneof(
    fc.constantFrom(...idempotencyKeyPool), // reused across runs: replays and 422s
    fc.constantFrom('', ' ', 'k'.repeat(201), 'caf\u00e9', 'a b', '\t', '"quoted"', '../x', '%00'),
    fc.string({ unit: 'binary-ascii', maxLength: 60 }).filter(headerSafe),
    fc.uuid(),
  ),
  { nil: undefined, freq: 2 },
);

const correlationId = fc.option(
  fc.oneof(
    fc.string({ unit: 'binary-ascii', maxLength: 300 }).filter(headerSafe),
    fc.constantFrom('\u00ff'.repeat(250), ' '),
  ),
  { nil: undefined, freq: 3 },
);

const oddHeaders = fc.record({ contentType, idempotencyKey, correlationId });
type OddHeaders = { contentType?: string; idempotencyKey?: string; correlationId?: string };

// ---- the requests ---------------------------------------------------------------------------

/** Every UTF-8 byte percent-encoded (a lone surrogate becomes U+FFFD, as a browser would send it). */
const percentEncode = (value: string) =>
  [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

const clerk = as({ role: 'clerk', subject: 'clerk-fuzz' });

interface Sent {
  status: number;
  replayed: boolean;
  body: { parties?: unknown[] } | null;
}

async function send(baseUrl: string, path: string, body: WireBody, headers: OddHeaders): Promise<Sent> {
  const wire: Record<string, string> = { ...clerk };
  if (headers.contentType !== undefined) wire['content-type'] = headers.contentType;
  else if (body.kind !== 'none') wire['content-type'] = 'application/json';
  if (headers.idempotencyKey !== undefined) wire['idempotency-key'] = headers.idempotencyKey;
  if (headers.correlationId !== undefined) wire['x-correlation-id'] = headers.correlationId;
  const text =
    body.kind === 'json' ? JSON.stringify(body.value) : body.kind === 'text' ? body.text : undefined;
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: wire, body: text });
  const answer = await response.text();
  let parsed: Sent['body'] = null;
  try {
    parsed = JSON.parse(answer);
  } catch {
    parsed = null;
  }
  return {
    status: response.status,
    replayed: response.headers.get('idempotent-replayed') === 'true',
    body: parsed,
  };
}

/** The input as a failure message can show it: long strings cut, so a 200 kB body stays readable. */
function describeInput(input: unknown): string {
  const text = JSON.stringify(input, (_key, value) =>
    typeof value === 'string' && value.length > 80 ? `${value.slice(0, 40)}…(${value.length} chars)` : value,
  );
  return text.length > 2000 ? `${text.slice(0, 2000)}…` : text;
}

describe('intake under malformed input (property-based)', () => {
  let intake: RunningService;
  let db: DataSource;
  let expected: { cases: number; parties: number; outbox: number; idempotency_keys: number };
  let openCaseId: string;
  let closedCaseId: string;
  let requests = 0;
  const answers = new Map<string, number>();
  const tally = (endpoint: string, status: number) =>
    answers.set(`${endpoint} ${status}`, (answers.get(`${endpoint} ${status}`) ?? 0) + 1);

  async function counts() {
    const [row] = await db.query(`
      SELECT (SELECT count(*)::int FROM cases) AS cases,
             (SELECT count(*)::int FROM parties) AS parties,
             (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys`);
    return row as typeof expected;
  }

  async function register(): Promise<string> {
    const { status, body } = await http(intake.baseUrl, 'POST', '/cases', validCase, clerk);
    expect(status).toBe(201);
    return body.id;
  }

  /** Checks one answer: never 5xx, and exactly the writes a successful request may make. */
  async function check(
    endpoint: string,
    input: unknown,
    sent: Sent,
    writes: (sent: Sent) => Partial<typeof expected>,
  ) {
    requests += 1;
    tally(endpoint, sent.status);
    if (sent.status >= 500) throw new Error(`answered ${sent.status} to ${describeInput(input)}`);
    if (sent.status >= 200 && sent.status < 300 && !sent.replayed) {
      for (const [table, n] of Object.entries(writes(sent)))
        expected[table as keyof typeof expected] += n ?? 0;
    }
    const actual = await counts();
    if (JSON.stringify(actual) !== JSON.stringify(expected))
      throw new Error(
        `wrote ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)} after ${sent.status} to ${describeInput(input)}`,
      );
    if (requests % 100 === 0) await expectAlive();
  }

  async function expectAlive() {
    const live = await http(intake.baseUrl, 'GET', '/health/live');
    expect(live.status).toBe(200);
  }

  beforeAll(async () => {
    intake = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION, {
      env: { RATE_LIMIT_PER_MINUTE: '1000000' }, // thousands of requests from one clerk, on purpose
    });
    db = intake.app.get(DataSource);
    openCaseId = await register();
    closedCaseId = await register();
    expect(
      (await http(intake.baseUrl, 'POST', `/cases/${closedCaseId}/close`, { reason: 'done' }, clerk)).status,
    ).toBe(200);
    expected = await counts();
  });

  afterAll(async () => {
    const byAnswer = [...answers].sort().map(([answer, n]) => `${answer}: ${n}`);
    process.stderr.write(`[malformed-input] ${requests} fuzzed requests; ${byAnswer.join(', ')}\n`);
    await intake?.close();
  });

  it('POST /cases: never a 5xx, nothing written by what it refuses', async () => {
    await fc.assert(
      fc.asyncProperty(registerBody, oddHeaders, async (body, headers) => {
        const sent = await send(intake.baseUrl, '/cases', body, headers);
        await check('register', { body, headers }, sent, ({ body: answer }) => ({
          cases: 1,
          parties: answer?.parties?.length ?? 0,
          outbox: 1,
          idempotency_keys: headers.idempotencyKey === undefined ? 0 : 1,
        }));
      }),
      { numRuns: RUNS.register },
    );
    await expectAlive();
  });

  it('POST /cases/:id/close: never a 5xx on known, unknown and garbage ids, nothing written by what it refuses', async () => {
    const caseId = fc.oneof(
      { weight: 3, arbitrary: fc.constant('open') },
      { weight: 2, arbitrary: fc.constant('closed') },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: fc.constant(uuidv7()) },
      {
        weight: 3,
        arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 60 }).map(percentEncode),
      },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          '%ZZ',
          '%',
          '%E0%A4%A',
          '%00',
          '%2e%2e',
          '..',
          '.',
          '%2F',
          'null',
          '0',
          '-1',
          'x'.repeat(5000),
        ),
      },
    );
    await fc.assert(
      fc.asyncProperty(caseId, closeBody, oddHeaders, async (id, body, headers) => {
        const target = id === 'open' ? openCaseId : id === 'closed' ? closedCaseId : id;
        const sent = await send(intake.baseUrl, `/cases/${target}/close`, body, headers);
        await check('close', { id, body, headers }, sent, () => ({
          outbox: 2, // CaseClosed and the follow-up it makes due (FollowUpScheduled)
          idempotency_keys: headers.idempotencyKey === undefined ? 0 : 1,
        }));
        if (sent.status === 200 && id === 'open') {
          // A valid input closed the open case: open another, and count its writes as expected.
          openCaseId = await register();
          expected = await counts();
        }
      }),
      { numRuns: RUNS.close },
    );
    await expectAlive();
  });

  it('GET /cases: never a 5xx whatever the query', async () => {
    const param = fc.tuple(
      fc.constantFrom('status', 'centerId', 'idNumber', 'phone', 'limit', 'junk', 'status[]', '__proto__'),
      fc.oneof(
        anyString.filter((s) => s.length < 3000),
        fc.constantFrom('%00', '%ZZ', '%ED%A0%80', '1e999', '-1', '0'),
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(param, { minLength: 1, maxLength: 4 }), async (params) => {
        const query = params
          .map(([k, v]) => `${percentEncode(k)}=${/^%|^1e|^-?\d$/.test(v) ? v : percentEncode(v)}`)
          .join('&');
        const { status } = await http(intake.baseUrl, 'GET', `/cases?${query}`, undefined, clerk);
        requests += 1;
        tally('query', status);
        if (status >= 500) throw new Error(`answered ${status} to GET /cases?${query.slice(0, 500)}`);
      }),
      { numRuns: RUNS.query },
    );
    await expectAlive();
    expect(await counts()).toEqual(expected);
  });
});
