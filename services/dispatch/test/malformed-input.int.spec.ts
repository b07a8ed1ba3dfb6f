import { DISPUTE_TYPES } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, as, http, type RunningService } from '@chuishao/testing';
import fc from 'fast-check';
import { appendFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { DepartmentDirectory } from '../src/infrastructure/department-directory/department-directory';
import {
  CLERK,
  SHANGQIN_TOWN_DEPARTMENTS,
  closeCase,
  registerCase as registerKnownCase,
  startDirectoryStandIn,
  startDispatch,
  writableState,
  type DirectoryEntry,
  type DirectoryStandIn,
} from './support/fixtures';

/**
 * Property: whatever an allowed caller with a valid token sends to a state-changing endpoint —
 * malformed or oversized JSON, wrong types, unknown fields, odd headers, garbage ids — dispatch
 * answers 4xx (never 5xx), keeps answering, and writes nothing it was not asked to write.
 *
 * No POST here can succeed by construction: the case with no whistle is whistled against an
 * empty directory (DEPARTMENT_UNKNOWN / ROUTING_UNRESOLVED), the other cases are closed or already
 * whistled, and no summons of the whistle has declined (so a reassignment is a 409); no department
 * can be added (an empty directory) and no summons named in a stand-down is one of the whistle's. A PUT of a
 * routing rule can be valid: it is checked to have stored exactly what was sent, then put back.
 */

const RUNS_PER_ENDPOINT = Number(process.env.FUZZ_RUNS_PER_ENDPOINT ?? 400);
const FUZZ_SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** A file to append every request and its answer to, when hunting a failure. */
const FUZZ_TRACE = process.env.FUZZ_TRACE;

const DEPARTMENT_IDS = SHANGQIN_TOWN_DEPARTMENTS.map((d) => d.id);

// ---------------------------------------------------------------------------------------------
// What is sent

type Payload = { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'text'; text: string };

interface Attempt {
  /** Already safe to put in a URL (encoded, or a deliberately odd literal). */
  pathId: string;
  payload: Payload;
  contentType: string | null;
  idempotencyKey: string | null;
  extraHeaders: Record<string, string>;
}

const BIG_STRING = 'x'.repeat(200_000); // 200 kB
const BIG_ARRAY_OF_STRINGS = Array.from({ length: 40_000 }, (_, i) => `d${i}`); // ~270 kB of JSON
const BIG_ARRAY_OF_NUMBERS = new Array<number>(100_000).fill(7); // ~200 kB of JSON
const BIG_ARRAY_OF_OBJECTS = Array.from({ length: 10_000 }, () => ({ id: 'shangqin-police-station' }));
const nested = (depth: number, open: string, close: string, inner = '1') =>
  open.repeat(depth) + inner + close.repeat(depth);

const oversized = fc.constantFrom<unknown>(
  BIG_STRING,
  BIG_ARRAY_OF_STRINGS,
  BIG_ARRAY_OF_NUMBERS,
  BIG_ARRAY_OF_OBJECTS,
  [BIG_STRING],
  Array.from({ length: 21 }, (_, i) => `kind_${i}`), // one over the limit of 20
  Array.from({ length: 31 }, () => 'shangqin-police-station'), // one over the limit of 30
  'y'.repeat(1001), // one over a reason's 1000
  'z'.repeat(101), // one over a slug's 100
);

/** A value of the wrong (or the right but useless) type, for any field. */
const confused: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    false,
    0,
    -1,
    1e308,
    '',
    ' ',
    '\t\n',
    '\u0000',
    'null',
    [],
    {},
    [[]],
    [null],
  ),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.array(fc.oneof(fc.string({ maxLength: 12 }), fc.integer(), fc.constant(null), fc.constant('')), {
    maxLength: 6,
  }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
  fc.constantFrom<unknown>(...DEPARTMENT_IDS, DEPARTMENT_IDS, ['judicial_office'], { 0: 'judicial_office' }),
);

/** A value for a field: mostly confused, sometimes oversized, sometimes plausible. */
const fieldValue = (plausible: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 6, arbitrary: confused },
    { weight: 2, arbitrary: oversized },
    { weight: 3, arbitrary: plausible },
  );

/** An object body: the endpoint's fields, any of them missing, with wrong types, plus unknown fields. */
const objectBody = (fields: Record<string, fc.Arbitrary<unknown>>) =>
  fc
    .tuple(
      fc.record(
        Object.fromEntries(Object.entries(fields).map(([name, plausible]) => [name, fieldValue(plausible)])),
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
        {
          weight: 1,
          arbitrary: fc.constantFrom<Record<string, unknown>>(
            { id: uuidv7() },
            { status: 'completed' },
            { extra: 1 },
          ),
        },
      ),
    )
    .map(([known, unknown]) => ({ ...unknown, ...known }));

/** Text that is not JSON, or JSON that bends the parser; each is also sent once as is (examples). */
const NASTY_TEXTS: string[] = [
  '',
  '{',
  '}',
  '{"reason":',
  "{'reason':'x'}",
  '{"a":1}}',
  '[1,]',
  'undefined',
  'NaN',
  'null',
  '0',
  '"text"',
  'true',
  '\ufeff{}',
  '{"departmentIds":["a"],"departmentIds":7}',
  '{"reason":1e999}',
  '{"reason":"\\ud800"}',
  '{"reason":"a\\u0000b"}',
  '{"departmentKinds":["a\\u0000b"]}',
  '{"fromDepartmentId":"\\u0000","toDepartmentId":"\\u0000","reason":"\\u0000"}',
  '{"__proto__":{"departmentKinds":["police_station"]}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"departmentKinds":{"__proto__":[]}}',
  `{"reason":${nested(50_000, '[', ']')}}`,
  `{"extra":${nested(20_000, '{"a":', '}')}}`,
  nested(100_000, '[', ']'),
  `{"reason":"${'w'.repeat(1_100_000)}"}`, // over the 1 MB body limit
  '{"departmentIds":["a\\u0000"],"reason":"\\u0000"}',
  '{"departmentIds":null,"reason":null}',
  '{"fromDepartmentId":"shangqin-town-government","toDepartmentId":"shangqin-police-station","reason":"a\\u0000"}',
  `{"departmentKinds":["${'k'.repeat(200_000)}"]}`,
];

const rawText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_TEXTS),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v).slice(0, -1)), // truncated JSON
);

const body = (fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<Payload> =>
  fc.oneof(
    { weight: 10, arbitrary: objectBody(fields).map((value): Payload => ({ kind: 'json', value })) },
    {
      weight: 3,
      arbitrary: fc
        .oneof(fc.jsonValue({ maxDepth: 3 }), fc.array(objectBody(fields), { maxLength: 3 }), oversized)
        .map((value): Payload => ({ kind: 'json', value })),
    },
    { weight: 4, arbitrary: rawText.map((text): Payload => ({ kind: 'text', text })) },
    { weight: 1, arbitrary: fc.constant<Payload>({ kind: 'none' }) },
  );

/** Header values a client can send (fetch refuses the other control characters itself). */
const headerText = (maxLength: number) =>
  fc
    .array(
      fc
        .integer({ min: 0x09, max: 0xff })
        .filter((c) => c === 0x09 || (c >= 0x20 && c !== 0x7f))
        .map((c) => String.fromCharCode(c)),
      { maxLength },
    )
    .map((chars) => chars.join(''));

const contentType = fc.oneof(
  { weight: 12, arbitrary: fc.constant('application/json') },
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=latin1',
      'application/json; charset=utf-16',
      'application/json; charset=nonsense',
      'application/json;;;',
      'application/merge-patch+json',
      'application/vnd.api+json',
      'text/plain',
      'text/html',
      'application/xml',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=----x',
      'application/octet-stream',
      '*/*',
      '',
      ';',
      'json',
    ),
  },
  { weight: 1, arbitrary: headerText(60) },
  { weight: 1, arbitrary: fc.constant(null) },
);

const idempotencyKey = fc.oneof(
  { weight: 8, arbitrary: fc.constant(null) },
  { weight: 3, arbitrary: fc.uuid() },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      'fuzz-reused-key',
      'k'.repeat(200),
      'k'.repeat(201),
      'k'.repeat(5000),
      Buffer.from('ключ-🙂', 'utf8').toString('latin1'), // UTF-8 bytes, as a client would send them
      'é',
      'a b',
      '\t',
    ),
  },
  { weight: 2, arbitrary: headerText(250) },
);

const extraHeaders = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Record<string, string>>({}) },
  {
    weight: 2,
    arbitrary: fc.record(
      {
        'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'),
        'x-correlation-id': headerText(300),
        'x-request-id': headerText(120),
        accept: fc.constantFrom('application/xml', '*/*', 'text/html;q=0', ''),
        'accept-charset': fc.constantFrom('latin1', 'utf-16', ''),
      },
      { requiredKeys: [] },
    ),
  },
);

const garbageId = fc.oneof(
  fc.string({ maxLength: 60 }).map(encodeURIComponent),
  fc.string({ unit: 'grapheme', maxLength: 30 }).map(encodeURIComponent),
  fc.constantFrom(
    '%',
    '%zz',
    '%00',
    '%2F',
    '%2e%2e',
    '..',
    '.',
    '-1',
    '0',
    'null',
    'undefined',
    '__proto__',
    'constructor',
    'toString',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
    '01a20e89-85a7-7193-bb27-6977ad1c389',
    '01a20e89-85a7-7193-bb27-6977ad1c389cc',
    `${'a'.repeat(5000)}`,
  ),
);

const attempt = (pathId: fc.Arbitrary<string>, payload: fc.Arbitrary<Payload>): fc.Arbitrary<Attempt> =>
  fc.record({ pathId, payload, contentType, idempotencyKey, extraHeaders });

// ---------------------------------------------------------------------------------------------

interface Endpoint {
  name: string;
  method: 'POST' | 'PUT';
  path: (id: string) => string;
  caller: Record<string, string>;
  /** The id every NASTY_TEXTS example goes to: the one that gets furthest. */
  knownId: () => string;
  attempts: () => fc.Arbitrary<Attempt>;
  /** Before the property runs (e.g. empty the directory). */
  prepare?: () => void;
}

const preview = (text: string | undefined, limit = 300) =>
  text === undefined
    ? '(none)'
    : text.length <= limit
      ? text
      : `${text.slice(0, limit)}… (${text.length} chars)`;

function bodyText(payload: Payload): string | undefined {
  if (payload.kind === 'none') return undefined;
  if (payload.kind === 'text') return payload.text;
  return JSON.stringify(payload.value) ?? 'null';
}

describe('dispatch under malformed input (property-based)', () => {
  let dispatch: RunningService;
  let directoryServer: DirectoryStandIn;
  let directoryItems: readonly DirectoryEntry[] = SHANGQIN_TOWN_DEPARTMENTS;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const operator = as({ role: 'operator', subject: 'fuzz-operator' });
  const supervisor = as({ role: 'supervisor', subject: 'fuzz-supervisor' });
  const ids = { whistledCase: '', closedCase: '', freshCase: '', whistle: '' };
  let rulesAtStart: Map<string, { kinds: string[]; updatedAt: string }>;
  let requests = 0;

  const db = () => dispatch.app.get(DataSource);

  const state = () => writableState(dispatch, { countKnownCases: true });

  const registerCase = (disputeType: 'neighbour' | 'road_traffic'): Promise<string> =>
    registerKnownCase(dispatch, raw, {
      caseNoPrefix: 'FUZZ-',
      readAs: operator,
      disputeType,
      summary: 'a quarrel',
    });

  beforeAll(async () => {
    directoryServer = await startDirectoryStandIn({
      departments: () => directoryItems,
      refusesBadTokenWith: 'bare-401',
    });
    dispatch = await startDispatch(directoryServer, {
      // Thousands of changes from one caller: the rate limit is not what this test is about.
      env: { RATE_LIMIT_PER_MINUTE: '100000000' },
    });

    ids.whistledCase = await registerCase('neighbour');
    ids.freshCase = await registerCase('neighbour');
    ids.closedCase = await registerCase('neighbour');
    const blown = await http(dispatch.baseUrl, 'POST', `/cases/${ids.whistledCase}/whistles`, {}, operator);
    expect(blown.status).toBe(201);
    ids.whistle = blown.body.id;
    await closeCase(dispatch, raw, ids.closedCase, { readAs: operator, closedBy: CLERK });

    const rules: Array<{ dispute_type: string; department_kinds: string[]; updated_at: string }> =
      await db().query(
        'SELECT dispute_type, department_kinds, updated_at::text AS updated_at FROM routing_rules',
      );
    rulesAtStart = new Map(
      rules.map((r) => [r.dispute_type, { kinds: r.department_kinds, updatedAt: r.updated_at }]),
    );
  });

  afterAll(async () => {
    await raw.stop();
    await dispatch?.close();
    directoryServer?.close();
    process.stderr.write(`[malformed input] ${requests} requests\n`);
  });

  const caseIds = () =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(ids.whistledCase, ids.closedCase, ids.freshCase) },
      { weight: 1, arbitrary: fc.constantFrom(ids.whistledCase.toUpperCase(), ids.freshCase.toUpperCase()) },
      { weight: 2, arbitrary: fc.uuid() },
      { weight: 2, arbitrary: garbageId },
    );

  const endpoints: Endpoint[] = [
    {
      name: 'POST /cases/:caseId/whistles',
      method: 'POST',
      path: (id) => `/cases/${id}/whistles`,
      caller: operator,
      knownId: () => ids.freshCase,
      attempts: () =>
        attempt(
          caseIds(),
          body({
            departmentIds: fc.oneof(
              fc.constant(DEPARTMENT_IDS),
              fc.array(fc.constantFrom(...DEPARTMENT_IDS, 'nobody'), { minLength: 1, maxLength: 4 }),
            ),
            reason: fc.string({ maxLength: 40 }),
          }),
        ),
      // An empty directory: the case without a whistle can never be whistled, however valid the body.
      prepare: () => {
        directoryItems = [];
        dispatch.app.get(DepartmentDirectory).invalidate();
      },
    },
    {
      name: 'POST /whistles/:id/reassign',
      method: 'POST',
      path: (id) => `/whistles/${id}/reassign`,
      caller: operator,
      knownId: () => ids.whistle,
      attempts: () =>
        attempt(
          fc.oneof(
            { weight: 4, arbitrary: fc.constant(ids.whistle) },
            { weight: 1, arbitrary: fc.constant(ids.whistle.toUpperCase()) },
            { weight: 2, arbitrary: fc.uuid() },
            { weight: 2, arbitrary: garbageId },
          ),
          body({
            fromDepartmentId: fc.constantFrom(...DEPARTMENT_IDS, 'nobody', ''),
            toDepartmentId: fc.constantFrom(...DEPARTMENT_IDS, 'nobody', ''),
            reason: fc.string({ maxLength: 40 }),
          }),
        ),
      // The full directory: a reassignment gets as far as the whistle, where nothing has declined.
      prepare: () => {
        directoryItems = SHANGQIN_TOWN_DEPARTMENTS;
        dispatch.app.get(DepartmentDirectory).invalidate();
      },
    },
    {
      name: 'POST /whistles/:id/summons',
      method: 'POST',
      path: (id) => `/whistles/${id}/summons`,
      caller: operator,
      knownId: () => ids.whistle,
      attempts: () =>
        attempt(
          fc.oneof(
            { weight: 4, arbitrary: fc.constant(ids.whistle) },
            { weight: 1, arbitrary: fc.constant(ids.whistle.toUpperCase()) },
            { weight: 2, arbitrary: fc.uuid() },
            { weight: 2, arbitrary: garbageId },
          ),
          body({
            departmentId: fc.constantFrom(...DEPARTMENT_IDS, 'nobody', ''),
            reason: fc.string({ maxLength: 40 }),
            arrivalWithinSeconds: fc.oneof(fc.integer({ min: -10, max: 8000 }), fc.constant('600')),
          }),
        ),
      // An empty directory: no department can ever be added, however valid the body.
      prepare: () => {
        directoryItems = [];
        dispatch.app.get(DepartmentDirectory).invalidate();
      },
    },
    {
      name: 'POST /whistles/:id/summons/:summonsId/stand-down',
      method: 'POST',
      // The whistle is known; the summons is not one of it (a stand-down could otherwise succeed).
      path: (id) => `/whistles/${ids.whistle}/summons/${id}/stand-down`,
      caller: operator,
      knownId: () => ids.whistle,
      attempts: () =>
        attempt(
          fc.oneof(
            { weight: 2, arbitrary: fc.constant(ids.whistle) },
            { weight: 3, arbitrary: fc.uuid() },
            { weight: 2, arbitrary: garbageId },
          ),
          body({ reason: fc.string({ maxLength: 40 }) }),
        ),
    },
    {
      name: 'PUT /routing-rules/:disputeType',
      method: 'PUT',
      path: (id) => `/routing-rules/${id}`,
      caller: supervisor,
      knownId: () => 'neighbour',
      attempts: () =>
        attempt(
          fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...DISPUTE_TYPES) },
            { weight: 1, arbitrary: fc.constantFrom('NEIGHBOUR', 'alchemy', 'neighbour%20', 'road-traffic') },
            { weight: 2, arbitrary: garbageId },
          ),
          body({
            departmentKinds: fc.array(
              fc.constantFrom('judicial_office', 'town_government', 'police_station', 'traffic_police'),
              { minLength: 1, maxLength: 4 },
            ),
          }),
        ),
    },
  ];

  /** A PUT that succeeded must have been a valid rule and stored exactly that; then it is put back. */
  async function accountForAcceptedRule(url: string, sent: string | undefined, responseBody: unknown) {
    // As the server saw it: the URL parser, not the test, has the last word on the path.
    const disputeType = decodeURIComponent(new URL(url).pathname.split('/').pop()!);
    const original = rulesAtStart.get(disputeType);
    try {
      expect(original).toBeDefined();
      const parsed = JSON.parse(sent ?? 'null') as { departmentKinds?: unknown };
      expect(Object.keys(parsed)).toEqual(['departmentKinds']);
      const kinds = parsed.departmentKinds as string[];
      expect(Array.isArray(kinds) && kinds.length >= 1 && kinds.length <= 20).toBe(true);
      for (const kind of kinds)
        expect(typeof kind === 'string' && /\S/.test(kind) && kind.length <= 100).toBe(true);
      const stored = await db().query('SELECT department_kinds FROM routing_rules WHERE dispute_type = $1', [
        disputeType,
      ]);
      expect(stored).toEqual([{ department_kinds: [...new Set(kinds)] }]);
      expect(responseBody).toEqual({ disputeType, departmentKinds: [...new Set(kinds)] });
      const [audit] = await db().query(
        `SELECT actor_role, actor_id, action, entity_id FROM audit_log ORDER BY id DESC LIMIT 1`,
      );
      expect(audit).toEqual({
        actor_role: 'supervisor',
        actor_id: 'fuzz-supervisor',
        action: 'RoutingRuleChanged',
        entity_id: disputeType,
      });
    } finally {
      if (original) {
        await db().query(
          'UPDATE routing_rules SET department_kinds = $2, updated_at = $3::timestamptz WHERE dispute_type = $1',
          [disputeType, original.kinds, original.updatedAt],
        );
      }
    }
  }

  it.each(endpoints.map((e) => [e.name, e] as const))(
    '%s: never a 5xx, never a write, still alive',
    async (_name, endpoint) => {
      endpoint.prepare?.();
      const expected = await state();
      const started = Date.now();
      const property = fc.asyncProperty(endpoint.attempts(), async (a) => {
        const sent = bodyText(a.payload);
        const headers: Record<string, string> = { ...a.extraHeaders, ...endpoint.caller };
        if (a.contentType !== null) headers['content-type'] = a.contentType;
        if (a.idempotencyKey !== null) headers['idempotency-key'] = a.idempotencyKey;
        const url = `${dispatch.baseUrl}${endpoint.path(a.pathId)}`;
        requests += 1;
        let response: Response;
        try {
          response = await fetch(url, { method: endpoint.method, headers, body: sent });
        } catch (error) {
          const cause = (error as { cause?: unknown }).cause;
          throw new Error(
            `no answer to ${endpoint.method} ${preview(url, 120)} headers=${preview(JSON.stringify(headers), 300)} body=${preview(sent)}: ${String(error)} (${String(cause)})`,
          );
        }
        const text = await response.text();
        const describe = () =>
          `${endpoint.method} ${endpoint.path(preview(a.pathId, 80))} headers=${preview(
            JSON.stringify({ ...headers, authorization: '(valid)' }),
            400,
          )} body=${preview(sent)} → ${response.status} ${preview(text)}`;
        if (FUZZ_TRACE) appendFileSync(FUZZ_TRACE, `#${requests} ${describe()}\n`);
        if (response.status >= 500 || [401, 403, 429].includes(response.status)) {
          process.stderr.write(`[malformed input] unexpected answer: ${describe()}\n`);
          throw new Error(`unexpected ${response.status}: ${describe()}`);
        }
        if (response.status < 300) {
          if (endpoint.method !== 'PUT') throw new Error(`accepted what must fail: ${describe()}`);
          expected.audit_log = Number(expected.audit_log) + 1; // the audit trail is append-only
          try {
            await accountForAcceptedRule(url, sent, JSON.parse(text));
          } catch (error) {
            process.stderr.write(`[malformed input] accepted, but not as sent: ${describe()}\n`);
            throw error;
          }
        }
        const now = await state();
        if (JSON.stringify(now) !== JSON.stringify(expected)) {
          process.stderr.write(`[malformed input] state changed: ${describe()}\n`);
          expect(now).toEqual(expected);
        }
      });
      const examples = NASTY_TEXTS.flatMap((text) =>
        [null, uuidv7()].map((idempotencyKey): [Attempt] => [
          {
            pathId: endpoint.knownId(),
            payload: { kind: 'text', text },
            contentType: 'application/json',
            idempotencyKey,
            extraHeaders: {},
          },
        ]),
      );
      const result = await fc.check(property, { numRuns: RUNS_PER_ENDPOINT, seed: FUZZ_SEED, examples });
      process.stderr.write(
        `[malformed input] ${endpoint.name}: ${result.numRuns} runs in ${Date.now() - started} ms (seed ${result.seed})\n`,
      );
      if (result.failed) {
        const [a] = result.counterexample ?? [];
        throw new Error(
          `${endpoint.name} failed after ${result.numRuns} runs (replay: FUZZ_SEED=${result.seed}, path ${result.counterexamplePath})\n` +
            `input: ${preview(JSON.stringify(a), 1000)}\n${String(result.errorInstance)}`,
        );
      }
      expect((await http(dispatch.baseUrl, 'GET', '/health/live')).status).toBe(200);
      expect((await http(dispatch.baseUrl, 'GET', '/health/ready')).status).toBe(200);
      expect(await state()).toEqual(expected);
      // The caller's next, ordinary request is answered as usual.
      expect(
        (await http(dispatch.baseUrl, 'GET', `/whistles/${ids.whistle}`, undefined, operator)).status,
      ).toBe(200);
    },
  );
});
