import { RawProducer, as, type RunningService } from '@chuishao/testing';
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { DataSource } from 'typeorm';
import seededDepartments from '../src/infrastructure/seed/departments.json';
import {
  newCase,
  publishToWhistles,
  startDepartment,
  tablesOf,
  waitForSummonsStored,
  whistleBlown,
  type DepartmentToSummon,
} from './support/fixtures';

/**
 * Property: whatever a signed-in liaison sends to a summons action — malformed, oversized or
 * type-confused bodies, invalid JSON, odd Content-Type / Content-Encoding / Idempotency-Key
 * headers, junk in the path — the answer is never a 5xx, and nothing is written unless the
 * request was a valid one. A valid request that gets through is counted and its effect checked
 * (exactly one outbox event, the summons moved on); the next run then targets a fresh summons.
 *
 * Inputs are small descriptions (e.g. "a 200 kB string of 中 in `reason`"); the bytes are built
 * when sent, so a counterexample prints short and readable.
 */

const RUNS_PER_ENDPOINT = 400;
const MAX_TEXT = 1000; // domain MAX_TEXT_LENGTH
const ACTIONS = ['acknowledge', 'arrive', 'decline'] as const;
type Action = (typeof ACTIONS)[number];
const FIELD: Record<Action, string | null> = { acknowledge: null, arrive: 'note', decline: 'reason' };

// ---------------------------------------------------------------- inputs

type Target =
  | { kind: 'real' }
  | { kind: 'unknown-uuid'; id: string }
  | { kind: 'encoded'; text: string }
  | { kind: 'raw'; text: string };

type Body =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown }
  | { kind: 'text'; text: string }
  | { kind: 'big'; field: string; unit: string; size: number }
  | { kind: 'deep'; depth: number; shape: 'array' | 'object' | 'in-field'; field: string }
  | { kind: 'huge'; bytes: number };

interface Input {
  target: Target;
  body: Body;
  contentType: string | null;
  contentEncoding: string | null;
  /** Compress the body as gzip before sending (with Content-Encoding: gzip). */
  gzip: boolean;
  idempotencyKey: string | null;
  correlationId: string | null;
}

/** Strings a text field of ours must survive: control characters, lone surrogates, BOMs, RTL marks. */
const nastyText = fc.constantFrom(
  '',
  ' ',
  ' \t\n\r ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\ufeff',
  '\u200b\u200b',
  '\u202eevil',
  '中文理由',
  '🚓'.repeat(300),
  '🚓'.repeat(MAX_TEXT), // 1000 characters to @MaxLength, 2000 UTF-16 units to the domain
  'x'.repeat(MAX_TEXT),
  ` ${'x'.repeat(MAX_TEXT)} `,
  'x'.repeat(MAX_TEXT + 1),
  '<script>alert(1)</script>',
  "'; DROP TABLE summons; --",
  '${jndi:ldap://x}',
  '%s%n%x',
  '\\u0000',
);
const anyText = fc.oneof(
  { weight: 3, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: nastyText },
);

/** Anything a JSON value can be, for the field or instead of it. */
const confusedValue = fc.oneof(
  anyText,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

const oddKeys = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'valueOf',
  'hasOwnProperty',
  'isPrototypeOf',
  '__defineGetter__',
  '__lookupSetter__',
  'toJSON',
  'then',
  'status',
  'departmentId',
  'id',
  'note',
  'reason',
  '',
  ' ',
  'reason ',
  'Reason',
);

function bodies(field: string | null): fc.Arbitrary<Body> {
  const main = field ?? 'note';
  return fc.oneof(
    { weight: 2, arbitrary: fc.constant<Body>({ kind: 'none' }) },
    // The field with a value of any type, sometimes with unknown fields next to it.
    {
      weight: 6,
      arbitrary: fc
        .tuple(
          fc.oneof({ weight: 1, arbitrary: nastyText }, { weight: 2, arbitrary: confusedValue }),
          fc.dictionary(oddKeys, confusedValue, { maxKeys: 2 }),
          fc.boolean(),
        )
        .map(([value, extra, withExtra]): Body => ({
          kind: 'json',
          value: withExtra ? { ...extra, [main]: value } : { [main]: value },
        })),
    },
    // Plain valid-looking values, so valid requests are among the inputs too.
    {
      weight: 4,
      arbitrary: fc
        .string({ minLength: 1, maxLength: 60 })
        .map((text): Body => ({ kind: 'json', value: { [main]: `${text}.` } })),
    },
    // Any JSON at all as the whole body: arrays, numbers, strings, null, objects.
    { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((value): Body => ({ kind: 'json', value })) },
    // Invalid JSON text and other raw bytes.
    {
      weight: 4,
      arbitrary: fc
        .oneof(
          fc.string(),
          fc.constantFrom(
            '',
            '{',
            '}',
            '{"reason":',
            '{"reason":"x"',
            '{"reason":"x",}',
            "{'reason':'x'}",
            '{reason:"x"}',
            '{"reason":NaN}',
            '{"reason":1e99999}',
            '{"reason":"\\ud800"}',
            '{"reason":"\\u0000"}',
            '{"note":"\\udc00\\ud800"}',
            '{"reason":"a","reason":{"$gt":""}}',
            '{"__proto__":{"reason":5},"reason":"x"}',
            '{"constructor":{"prototype":{"x":1}},"reason":"x"}',
            '\ufeff{"reason":"x"}',
            '{"reason":"x"} trailing',
            '[]',
            'null',
            'true',
            '0',
            '"just a string"',
            '/* comment */ {}',
            'reason=x&note=y',
          ),
        )
        .map((text): Body => ({ kind: 'text', text })),
    },
    // Oversized text in the field or an unknown one (200 kB and more, within the 1 MB limit).
    {
      weight: 2,
      arbitrary: fc
        .record({
          field: fc.constantFrom(main, 'unknownField'),
          unit: fc.constantFrom('x', '中', ' ', '\u0000', '🚓', '\\'),
          size: fc.constantFrom(200_000, 250_000),
        })
        .map((b): Body => ({ kind: 'big', ...b })),
    },
    // Deep nesting: 2 bytes a level, far deeper than any recursion can walk.
    {
      weight: 2,
      arbitrary: fc
        .record({
          depth: fc.constantFrom(20, 1_000, 10_000, 100_000),
          shape: fc.constantFrom('array' as const, 'object' as const, 'in-field' as const),
        })
        .map((b): Body => ({ kind: 'deep', ...b, field: main })),
    },
    // Over the body size limit.
    { weight: 1, arbitrary: fc.constant<Body>({ kind: 'huge', bytes: 1_200_000 }) },
  );
}

/** Header values fetch can send: visible ASCII and Latin-1, no CR/LF/NUL, no outer spaces. */
const headerText = fc
  .string({
    unit: fc.oneof(
      fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
      fc.integer({ min: 0xa1, max: 0xff }).map((c) => String.fromCharCode(c)),
      fc.constantFrom(' ', '\t'),
    ),
    minLength: 1,
    maxLength: 300,
  })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

const contentTypes = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/json; charset=utf-16le',
      'application/json; charset=koi8-r',
      'application/json; charset=no-such-charset',
      'application/json;;;',
      'application/json; boundary=x',
      'application/vnd.api+json',
      'application/merge-patch+json',
      'text/plain',
      'text/plain; charset=utf-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data',
      'multipart/form-data; boundary=----x',
      'application/xml',
      'application/octet-stream',
      '*/*',
      'json',
      ';',
    ),
  },
  { weight: 1, arbitrary: headerText },
);

const idempotencyKeys = fc.oneof(
  fc.uuid(),
  fc.constantFrom(
    ' ',
    'same-key-for-many',
    'a'.repeat(200),
    'a'.repeat(201),
    'clé',
    'has space',
    'tab\there',
  ),
  headerText,
);

/** `null` (the header is not sent) or a value, in the ratio `absent : present`. */
function sometimes<T>(absent: number, present: number, value: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: absent, arbitrary: fc.constant(null) }, { weight: present, arbitrary: value });
}

function inputs(action: Action): fc.Arbitrary<Input> {
  return fc
    .record({
      target: fc.oneof(
        { weight: 6, arbitrary: fc.constant<Target>({ kind: 'real' }) },
        { weight: 2, arbitrary: fc.uuid().map((id): Target => ({ kind: 'unknown-uuid', id })) },
        {
          weight: 2,
          arbitrary: fc.string({ unit: 'binary' }).map((text): Target => ({ kind: 'encoded', text })),
        },
        {
          weight: 2,
          arbitrary: fc
            .oneof(
              fc.constantFrom(
                '%',
                '%ZZ',
                '%E0%A4%A',
                '%C0%AF',
                '%00',
                '..',
                '%2e%2e',
                '%2F',
                '.',
                '00000000-0000-0000-0000-000000000000',
                'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF',
                `${'x'.repeat(20_000)}`,
                '[object Object]',
                'undefined',
                '-1',
                '1e999',
              ),
              fc.string({ unit: 'grapheme-ascii' }),
            )
            .map((text): Target => ({ kind: 'raw', text })),
        },
      ),
      body: bodies(FIELD[action]),
      headers: fc.oneof(
        // Plain JSON: the body alone decides, down to the DTO and the domain.
        {
          weight: 1,
          arbitrary: fc.record({
            contentType: fc.constant('application/json'),
            contentEncoding: fc.constant(null),
            gzip: fc.constant(false),
            idempotencyKey: sometimes(1, 1, fc.uuid()),
            correlationId: fc.constant(null),
          }),
        },
        // Odd media types, charsets, encodings and keys.
        {
          weight: 2,
          arbitrary: fc.record({
            contentType: sometimes(1, 6, contentTypes),
            contentEncoding: sometimes(
              3,
              1,
              fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip'),
            ),
            gzip: fc.boolean(),
            idempotencyKey: sometimes(1, 1, idempotencyKeys),
            correlationId: sometimes(3, 1, headerText),
          }),
        },
      ),
    })
    .map(({ target, body, headers }): Input => ({ target, body, ...headers }));
}

// ---------------------------------------------------------------- building and describing a request

function deepText(depth: number, shape: 'array' | 'object' | 'in-field', field: string): string {
  if (shape === 'array') return `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const objects = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
  return shape === 'object' ? objects : `{"${field}":${objects}}`;
}

function bodyText(body: Body): string | undefined {
  switch (body.kind) {
    case 'none':
      return undefined;
    case 'json':
      return JSON.stringify(body.value) ?? 'null';
    case 'text':
      return body.text;
    case 'big':
      return JSON.stringify({ [body.field]: body.unit.repeat(body.size) });
    case 'deep':
      return deepText(body.depth, body.shape, body.field);
    case 'huge':
      return JSON.stringify({ note: 'x'.repeat(body.bytes) });
  }
}

function pathSegment(target: Target, realId: string): string {
  switch (target.kind) {
    case 'real':
      return realId;
    case 'unknown-uuid':
      return target.id;
    case 'encoded':
      // A lone surrogate cannot be percent-encoded as UTF-8; send it as its replacement character.
      return encodeURIComponent(target.text.replace(/[\ud800-\udfff]/g, '\ufffd'));
    case 'raw':
      return target.text;
  }
}

/** An input in a line: long strings cut to their start and length, so a failure log stays short. */
function describeInput(input: Input): string {
  return JSON.stringify(input, (_key, value: unknown) =>
    typeof value === 'string' && value.length > 120
      ? `${value.slice(0, 120)}…(${value.length} chars)`
      : value,
  );
}

// ---------------------------------------------------------------- what a valid request is

const isWellFormed = (s: string) =>
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(s);

/** Is `text` something the service may store as a note or reason (before trimming)? */
function storableText(value: unknown, required: boolean): boolean {
  if (value === undefined || value === null) return !required;
  if (typeof value !== 'string') return false;
  const trimmed = value.trim();
  return (
    value.length <= MAX_TEXT &&
    (!required || trimmed !== '') &&
    !value.includes('\u0000') &&
    isWellFormed(value)
  );
}

type Verdict = 'must-refuse' | 'must-accept' | 'unknown';

/**
 * What the service must answer, judged independently of it: for a request that is plainly JSON,
 * from the parsed body (the DTO rules, restated); otherwise only the parts that do not depend on
 * the body parser's leniency about media types and encodings (`unknown` for the rest).
 */
function verdict(action: Action, input: Input, body: string | undefined): Verdict {
  if (input.target.kind !== 'real') return 'must-refuse';
  if (input.idempotencyKey !== null && !/^[\x21-\x7e]{1,200}$/.test(input.idempotencyKey))
    return 'must-refuse';
  const plainJson =
    (input.contentType === 'application/json' || input.contentType === 'application/json; charset=utf-8') &&
    input.contentEncoding === null;
  const clean = plainJson && !input.gzip;
  if (body === undefined || body === '') {
    // The body parser reads an empty body as no body at all.
    if (action === 'decline') return 'must-refuse'; // a reason is required
    return clean ? 'must-accept' : 'unknown';
  }
  if (action === 'acknowledge' || !plainJson) return 'unknown';
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.replace(/^\ufeff/, '')); // the body parser drops a UTF-8 BOM too
  } catch {
    return 'must-refuse';
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return 'must-refuse';
  const field = FIELD[action]!;
  const keys = Object.keys(parsed);
  // Any other key is refused, Object.prototype names included: the platform's input hygiene
  // refuses those before validation, which would otherwise let some of them through.
  if (keys.some((key) => key !== field)) return 'must-refuse';
  const value = (parsed as Record<string, unknown>)[field];
  if (!storableText(value, action === 'decline')) return 'must-refuse';
  return clean && keys.every((key) => key === field) ? 'must-accept' : 'unknown';
}

// ---------------------------------------------------------------- the run

const CHANGES: Record<Action, { status: string; event: string }> = {
  acknowledge: { status: 'acknowledged', event: 'SummonsAcknowledged' },
  arrive: { status: 'arrived', event: 'DepartmentArrived' },
  decline: { status: 'declined', event: 'SummonsDeclined' },
};

interface PoolEntry {
  summonsId: string;
  departmentId: string;
}

describe('summons actions under malformed input (property-based, real PostgreSQL and Kafka)', () => {
  let department: RunningService;
  let database: DataSource;
  let countsSql: string;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  /** Fresh `notified` summons per action; a valid request that gets through uses one up. */
  const pools = {} as Record<Action, PoolEntry[]>;
  const POOL_SIZE = 16 * seededDepartments.length; // 208 per action: up to ~1 run in 3 is valid
  const tokens = new Map<string, Record<string, string>>();
  const liaisonOf = (departmentId: string) => {
    if (!tokens.has(departmentId))
      tokens.set(departmentId, as({ role: 'liaison', subject: `fuzz-${departmentId}`, departmentId }));
    return tokens.get(departmentId)!;
  };
  const accepted: Record<Action, number> = { acknowledge: 0, arrive: 0, decline: 0 };
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    department = await startDepartment({
      // Thousands of changes by one liaison in a minute: the rate limit is not what is under test.
      env: { RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    database = department.app.get(DataSource);

    // Each whistle summons every seeded department once, as dispatch would.
    const everyDepartment: DepartmentToSummon[] = seededDepartments.map((d) => ({
      departmentId: d.id,
      departmentName: d.name,
      departmentKind: d.kind,
    }));
    const whistles = Array.from({ length: (POOL_SIZE / seededDepartments.length) * ACTIONS.length }, () =>
      whistleBlown(everyDepartment, newCase('FZ-2018-')),
    );
    for (const whistle of whistles) {
      await publishToWhistles(raw, department, whistle.event);
    }
    const all = whistles.flatMap((w) =>
      w.summons.map(({ summonsId, departmentId }) => ({ summonsId, departmentId })),
    );
    await waitForSummonsStored(
      database,
      all.map((s) => s.summonsId),
      'every summons of the pool stored',
      { notifiedOnly: true },
    );
    ACTIONS.forEach((action, i) => (pools[action] = all.slice(i * POOL_SIZE, (i + 1) * POOL_SIZE)));

    const tables = await tablesOf(database);
    expect(tables).toEqual(expect.arrayContaining(['outbox', 'summons', 'idempotency_keys']));
    countsSql = `SELECT ${tables.map((t) => `(SELECT count(*)::int FROM "${t}") AS "${t}"`).join(', ')},
      (SELECT count(*)::int FROM summons WHERE status <> 'notified') AS "summons not notified"`;
  });

  afterAll(async () => {
    process.stdout.write(
      `malformed-input: accepted as valid ${JSON.stringify(accepted)}; answers by status ${JSON.stringify(
        Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      )}\n`,
    );
    await raw.stop();
    await department?.close();
  });

  /** Every table's row count and the target summons row: what a refused request must leave as it was. */
  async function snapshot(summonsId: string) {
    const [counts] = await database.query(countsSql);
    const [summons] = await database.query(
      'SELECT status, acknowledged_at, arrived_at, arrival_note, declined_at, decline_reason FROM summons WHERE id = $1',
      [summonsId],
    );
    return { counts: counts as Record<string, number>, summons };
  }

  async function send(action: Action, input: Input, real: PoolEntry) {
    const text = bodyText(input.body);
    const headers: Record<string, string> = {
      ...liaisonOf(real.departmentId),
      ...(input.contentType !== null ? { 'content-type': input.contentType } : {}),
      ...(input.idempotencyKey !== null ? { 'idempotency-key': input.idempotencyKey } : {}),
      ...(input.correlationId !== null ? { 'x-correlation-id': input.correlationId } : {}),
    };
    let payload: Uint8Array | undefined = text === undefined ? undefined : Buffer.from(text, 'utf8');
    if (payload && input.gzip) {
      payload = gzipSync(payload);
      headers['content-encoding'] = 'gzip';
    } else if (input.contentEncoding !== null) {
      headers['content-encoding'] = input.contentEncoding;
    }
    const url = `${department.baseUrl}/summons/${pathSegment(input.target, real.summonsId)}/${action}`;
    // A Uint8Array body gets no Content-Type from fetch: the input decides whether there is one.
    const response = await fetch(url, { method: 'POST', headers, body: payload });
    return {
      status: response.status,
      text: await response.text(),
      replayed: response.headers.get('idempotent-replayed'),
    };
  }

  for (const action of ACTIONS) {
    it(`POST /summons/:id/${action}: never a 5xx, nothing written by a refused request (${RUNS_PER_ENDPOINT} runs)`, async () => {
      const pool = pools[action];
      let next = 0;
      await fc.assert(
        fc.asyncProperty(inputs(action), async (input) => {
          const real = pool[Math.min(next, pool.length - 1)];
          const before = await snapshot(real.summonsId);
          const answer = await send(action, input, real);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          const context = `POST ${action} answered ${answer.status} ${answer.text.slice(0, 300)}\n  for ${describeInput(input)}`;
          if (answer.status >= 500) throw new Error(`5xx: ${context}`);
          const after = await snapshot(real.summonsId);

          const expected = verdict(action, input, bodyText(input.body));
          if (expected === 'must-accept' && answer.status !== 200 && next < pool.length)
            throw new Error(`refused a valid request: ${context}`);
          if (answer.status >= 200 && answer.status < 300 && answer.replayed !== 'true') {
            // A valid request went through: exactly its one effect, then a fresh summons.
            if (expected === 'must-refuse') throw new Error(`accepted an invalid request: ${context}`);
            expect(after.summons.status).toBe(CHANGES[action].status);
            expect(after.counts.outbox).toBe(before.counts.outbox + 1);
            expect(after.counts['summons not notified']).toBe(before.counts['summons not notified'] + 1);
            const [event] = await database.query(
              `SELECT event_type FROM outbox WHERE envelope->'payload'->>'summonsId' = $1`,
              [real.summonsId],
            );
            expect(event.event_type).toBe(CHANGES[action].event);
            accepted[action] += 1;
            next += 1;
          } else {
            if (JSON.stringify(after) !== JSON.stringify(before))
              throw new Error(
                `a refused request changed state: ${context}\n  before ${JSON.stringify(before)}\n  after ${JSON.stringify(after)}`,
              );
          }
        }),
        { numRuns: RUNS_PER_ENDPOINT, endOnFailure: true },
      );
      expect(next).toBeLessThan(pool.length); // the pool did not run dry: every run could be valid
      const live = await fetch(`${department.baseUrl}/health/live`);
      expect(live.status).toBe(200);
    });
  }

  it('leaves the service healthy and every summons nobody validly acted on still notified', async () => {
    expect((await fetch(`${department.baseUrl}/health/live`)).status).toBe(200);
    const [{ n }] = await database.query(`SELECT count(*)::int AS n FROM summons WHERE status <> 'notified'`);
    expect(n).toBe(accepted.acknowledge + accepted.arrive + accepted.decline);
  });
});
