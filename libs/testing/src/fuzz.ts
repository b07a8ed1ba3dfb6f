import fc from 'fast-check';
import { as, type TestCaller } from './tokens';
import { WRONG_SECRET } from './authorization-matrix';

export * from './fuzz-snapshot';

/**
 * A shared fuzz driver: every service's suite names its routes, a caller and how to read the
 * state that must not move; the driver sends malformed JSON, form bodies, bodies of confused
 * types, malformed and forged tokens, out-of-scope ids and garbage query strings, and checks
 * that nothing answers 5xx and that a refused request changed nothing.
 */

export interface FuzzRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path with `:id` where an id goes, e.g. `/escalations/:id/acknowledge`. */
  path: string;
  /** The body's fields and a plausible value of each; their values get confused too. */
  fields?: Record<string, fc.Arbitrary<unknown>>;
  /** Query parameter names the route reads. */
  query?: readonly string[];
  /**
   * A route that reads no bearer token (@Public, e.g. ops-console's development sign-in): it
   * ignores a malformed or forged one as it ignores a valid one, so a token attack need not be
   * refused there. It must still answer no 5xx and change nothing when it refuses. (A public
   * route that takes another credential, a court's signed callback, can stay unmarked: no shot
   * carries that credential, so every one must be refused.)
   */
  public?: boolean;
}

export interface FuzzTarget {
  baseUrl: string;
  routes: readonly FuzzRoute[];
  /** A caller every route allows; null for a service without authentication (court simulator). */
  caller: TestCaller | null;
  /**
   * Ids the caller may not reach: unknown, or out of the caller's scope. Every `:id` gets one, so
   * a change (POST, PUT, DELETE) aimed at one must be refused whatever the body; a read may answer
   * an empty list (a case's mediations), but no 5xx.
   */
  outOfScopeIds: readonly string[];
  /** The state a refused request must leave as it was (rows, settings, events so far). */
  snapshot: () => Promise<unknown>;
}

export type Attack =
  | 'malformed-json'
  | 'form-body'
  | 'confused-body'
  | 'malformed-token'
  | 'forged-token'
  | 'out-of-scope-id'
  | 'garbage-query';

export const NASTY_TEXTS: readonly string[] = [
  '',
  '{',
  '{"note":',
  "{'note':'x'}",
  '[1,]',
  'null',
  '"text"',
  '\ufeff{}',
  '{"note":"\\ud800"}',
  '{"note":"a\\u0000b"}',
  '{"__proto__":{"role":"supervisor"}}',
  '{"constructor":{"prototype":{"admin":true}}}',
  `{"note":${'['.repeat(5000)}${']'.repeat(5000)}}`,
];

/** A value of the wrong type, size or encoding. */
export const confused: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, 0, -1, 1e308, '', ' ', '\u0000', [], {}, [null], 'x'.repeat(1001)),
  fc.integer(),
  fc.double(),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 2 }),
);

/** An object with the route's fields, each plausible or confused, and maybe unknown fields. */
export function confusedBody(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<string> {
  const known = fc.record(
    Object.fromEntries(
      Object.entries(fields).map(([name, plausible]) => [name, fc.oneof(confused, plausible)]),
    ),
    { requiredKeys: [] },
  );
  const unknown = fc.oneof(
    { weight: 3, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 12 }), confused, { maxKeys: 3 }) },
  );
  return fc.tuple(known, unknown).map(([k, u]) => JSON.stringify({ ...u, ...k }));
}

const FORM_BODIES = ['note=x', 'role=supervisor&subject=x', 'a[b][c]=1&a[b][d]=2', '%zz=%00', ''];

const MALFORMED_TOKENS = [
  'Bearer',
  'Bearer ',
  'Bearer not.a.jwt',
  'Bearer eyJhbGciOiJub25lIn0.eyJyb2xlIjoib3BzIn0.',
  'Basic dXNlcjpwYXNz',
  `Bearer ${'a'.repeat(5000)}`,
  'bearer x.y.z',
];

const garbageQuery = fc
  .array(fc.tuple(fc.string({ maxLength: 12 }), fc.string({ maxLength: 30 })), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));

interface Shot {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  attack: Attack;
  /** The route takes no token (FuzzRoute.public). */
  public: boolean;
  /** A change aimed at an id out of the caller's reach (FuzzTarget.outOfScopeIds). */
  changesUnreachable: boolean;
}

function shots(target: FuzzTarget): fc.Arbitrary<Shot> {
  const attack = fc.constantFrom<Attack>(
    'malformed-json',
    'form-body',
    'confused-body',
    'malformed-token',
    'forged-token',
    'out-of-scope-id',
    'garbage-query',
  );
  return fc.constantFrom(...target.routes).chain((route) =>
    fc
      .record({
        route: fc.constant(route),
        id: fc.constantFrom(...target.outOfScopeIds),
        attack,
        nasty: fc.constantFrom(...NASTY_TEXTS),
        form: fc.constantFrom(...FORM_BODIES),
        token: fc.constantFrom(...MALFORMED_TOKENS),
        query: garbageQuery,
        fieldsText: confusedBody(route.fields ?? { note: fc.string() }),
      })
      .map((pick): Shot => aim(target, pick)),
  );
}

function aim(
  target: FuzzTarget,
  pick: {
    route: FuzzRoute;
    id: string;
    attack: Attack;
    nasty: string;
    form: string;
    token: string;
    query: string;
    fieldsText: string;
  },
): Shot {
  const { route, attack } = pick;
  const caller = target.caller ? as(target.caller) : {};
  const takesBody = route.method !== 'GET' && route.method !== 'DELETE';
  const headers: Record<string, string> = {
    ...caller,
    'content-type': 'application/json',
    'idempotency-key': `fuzz-${Math.random().toString(36).slice(2)}`,
  };
  let body = takesBody ? pick.fieldsText : undefined;
  let path = route.path.replace(':id', encodeURIComponent(pick.id));
  if (attack === 'malformed-json' && takesBody) body = pick.nasty;
  if (attack === 'form-body' && takesBody) {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = pick.form;
  }
  if (attack === 'malformed-token') headers.authorization = pick.token;
  if (attack === 'forged-token' && target.caller)
    headers.authorization = as(target.caller, { secret: WRONG_SECRET }).authorization!;
  if (attack === 'garbage-query') path = `${path}?${pick.query}`;
  return {
    method: route.method,
    path,
    headers,
    body,
    attack,
    public: route.public === true,
    changesUnreachable: takesIdToChange(route),
  };
}

/** A POST, PUT or DELETE whose path names an id: the shot puts an unreachable one there. */
export function takesIdToChange(route: Pick<FuzzRoute, 'method' | 'path'>): boolean {
  return route.method !== 'GET' && route.path.includes(':id');
}

/**
 * What an attack must get: never a success. A change to something the caller may not reach is
 * refused whatever the attack: a clerk closing a case at another center with a valid reason
 * must get a 404, not only leave no trace when the service happens to refuse it.
 */
export function mustBeRefused(
  shot: Pick<Shot, 'attack' | 'body' | 'public' | 'changesUnreachable'>,
  authenticated: boolean,
): boolean {
  if (shot.changesUnreachable) return true;
  if (shot.attack === 'malformed-token' || shot.attack === 'forged-token')
    return authenticated && !shot.public;
  // An empty body is no body, which a route with optional fields may take.
  if (shot.attack === 'form-body') return Boolean(shot.body);
  if (shot.attack === 'malformed-json') return Boolean(shot.body) && !parsesAsJsonObject(shot.body!);
  return false;
}

/**
 * Whether a JSON body parser accepts the text: some nasty texts are valid JSON (a leading BOM,
 * which RFC 8259 lets a parser ignore, a lone surrogate escape, a `__proto__` key), and a route
 * whose fields are all optional may take them. Those must still not give a 5xx or change state
 * when refused; only text no parser takes must be refused.
 */
export function parsesAsJsonObject(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text.replace(/^\ufeff/, ''));
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

/**
 * Runs the property: no answer is a 5xx, a bad token or body is refused (4xx), and the state
 * read by `snapshot` is the same after any refused request as before it.
 */
export async function fuzzService(target: FuzzTarget, options: { runs?: number; seed?: number } = {}) {
  await fc.assert(
    fc.asyncProperty(shots(target), async (shot) => {
      const before = JSON.stringify(await target.snapshot());
      const response = await fetch(`${target.baseUrl}${shot.path}`, {
        method: shot.method,
        headers: shot.headers,
        body: shot.body,
      });
      await response.text();
      const what = `${shot.attack}: ${shot.method} ${shot.path} → ${response.status}`;
      if (response.status >= 500) throw new Error(`5xx for ${what}`);
      if (mustBeRefused(shot, target.caller !== null) && response.status < 400)
        throw new Error(`not refused: ${what}`);
      if (response.status >= 400) {
        const after = JSON.stringify(await target.snapshot());
        if (after !== before) throw new Error(`a refused request changed the state: ${what}`);
      }
    }),
    { numRuns: options.runs ?? Number(process.env.FUZZ_RUNS_PER_SERVICE ?? 300), seed: options.seed },
  );
}
