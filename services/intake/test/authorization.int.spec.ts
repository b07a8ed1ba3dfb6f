import { uuidv7 } from '@chuishao/kernel';
import { as, http, startService, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

/**
 * Every intake endpoint × every caller: the seven roles, no token, an expired token, a token
 * signed with another key and a token that is no JWT at all. Bad tokens get 401, roles the
 * endpoint does not allow 403, allowed roles the endpoint's answer. A refused state-changing
 * request changes nothing.
 */

const ROLES = ['clerk', 'operator', 'liaison', 'mediator', 'supervisor', 'ops', 'court'] as const;
type Role = (typeof ROLES)[number];
const ALL: readonly Role[] = ROLES;
const CASE_READERS: readonly Role[] = ['clerk', 'operator', 'mediator', 'supervisor', 'ops'];

/** A liaison token must name its department. */
const tokenOf = (role: Role, options?: Parameters<typeof as>[1]) =>
  as(role === 'liaison' ? { role, departmentId: 'shangqin-judicial-office' } : role, options);

const registration = {
  centerId: 'anlizha-village',
  channel: 'walk_in',
  disputeType: 'neighbour',
  summary: 'Two neighbours dispute a wall between their yards.',
  headcount: 2,
  urgency: 'normal',
  parties: [{ role: 'applicant', name: '王某', idNumber: '620702198001011234', phone: '13912345678' }],
};

interface Fixture {
  caseId: string;
  caseToClose: string;
}

interface Endpoint {
  name: string;
  method: 'GET' | 'POST';
  path: (fx: Fixture) => string;
  /** The route as the OpenAPI document names it, to check the table covers every route. */
  route: string;
  body?: unknown;
  allowed: readonly Role[];
  /** Roles the guard lets through when the use case refuses some of them (search by personal data). */
  guardRoles?: readonly Role[];
  /** What an allowed caller gets. */
  success: number;
}

const ENDPOINTS: Endpoint[] = [
  {
    name: 'POST /cases',
    method: 'POST',
    route: 'POST /cases',
    path: () => '/cases',
    body: registration,
    allowed: ['clerk'],
    success: 201,
  },
  {
    name: 'GET /cases',
    method: 'GET',
    route: 'GET /cases',
    path: () => '/cases',
    allowed: CASE_READERS,
    success: 200,
  },
  {
    name: 'GET /cases?idNumber=',
    method: 'GET',
    route: 'GET /cases',
    path: () => '/cases?idNumber=620702198001011234',
    allowed: ['clerk', 'operator'],
    guardRoles: CASE_READERS,
    success: 200,
  },
  {
    name: 'GET /cases?phone=',
    method: 'GET',
    route: 'GET /cases',
    path: () => '/cases?phone=139-1234-5678',
    allowed: ['clerk', 'operator'],
    guardRoles: CASE_READERS,
    success: 200,
  },
  {
    name: 'GET /cases/:id',
    method: 'GET',
    route: 'GET /cases/{id}',
    path: (fx) => `/cases/${fx.caseId}`,
    allowed: CASE_READERS,
    success: 200,
  },
  {
    name: 'GET /cases/:id/audit',
    method: 'GET',
    route: 'GET /cases/{id}/audit',
    path: (fx) => `/cases/${fx.caseId}/audit`,
    allowed: ['ops', 'supervisor'],
    success: 200,
  },
  {
    name: 'POST /cases/:id/close',
    method: 'POST',
    route: 'POST /cases/{id}/close',
    path: (fx) => `/cases/${fx.caseToClose}/close`,
    body: { reason: 'withdrawn by the applicant' },
    allowed: ['clerk'],
    success: 200,
  },
  {
    name: 'GET /centers',
    method: 'GET',
    route: 'GET /centers',
    path: () => '/centers',
    allowed: ALL,
    success: 200,
  },
  {
    name: 'GET /centers/:id',
    method: 'GET',
    route: 'GET /centers/{id}',
    path: () => '/centers/anlizha-village',
    allowed: ALL,
    success: 200,
  },
];

interface Caller {
  name: string;
  headers: () => Record<string, string>;
  /** Set for a valid token of that role; unset for callers who must get a 401 with `code`. */
  role?: Role;
  code?: string;
}

const BAD_TOKENS: Caller[] = [
  { name: 'no token', headers: () => ({}), code: 'TOKEN_MISSING' },
  {
    name: 'an expired token',
    headers: () => tokenOf('clerk', { expiresInSeconds: -60 }),
    code: 'TOKEN_EXPIRED',
  },
  {
    name: 'a token signed with another key',
    headers: () => tokenOf('clerk', { secret: 'another-secret-of-at-least-32-characters!!' }),
    code: 'TOKEN_INVALID',
  },
  {
    name: 'a bearer that is no JWT',
    headers: () => ({ authorization: 'Bearer not.a.jwt' }),
    code: 'TOKEN_INVALID',
  },
];

/** Bad tokens first, then refused roles, then allowed ones: refusals meet the case still open. */
function callersOf(endpoint: Endpoint): Caller[] {
  const roles = (allowed: boolean) =>
    ROLES.filter((role) => endpoint.allowed.includes(role) === allowed).map((role): Caller => ({
      name: `${role}${allowed ? '' : ' (refused)'}`,
      role,
      headers: () => tokenOf(role),
    }));
  return [...BAD_TOKENS, ...roles(false), ...roles(true)];
}

describe('intake authorization matrix', () => {
  let intake: RunningService;
  let db: DataSource;
  const fx: Fixture = { caseId: '', caseToClose: '' };

  /** Everything a refused request must leave as it was. */
  async function snapshot() {
    const [counts] = await db.query(`
      SELECT (SELECT count(*)::int FROM cases) AS cases,
             (SELECT count(*)::int FROM parties) AS parties,
             (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
             (SELECT count(*)::int FROM audit_log) AS audit_log`);
    const statuses: Array<{ id: string; status: string; close_reason: string | null }> = await db.query(
      'SELECT id, status, close_reason FROM cases WHERE id = ANY($1) ORDER BY id',
      [[fx.caseId, fx.caseToClose]],
    );
    return { counts, statuses };
  }

  beforeAll(async () => {
    intake = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION);
    db = intake.app.get(DataSource);
    for (const key of ['caseId', 'caseToClose'] as const) {
      const { status, body } = await http(intake.baseUrl, 'POST', '/cases', registration, tokenOf('clerk'));
      expect(status).toBe(201);
      fx[key] = body.id;
    }
  });

  afterAll(async () => {
    await intake?.close();
  });

  it('covers every route the service serves', async () => {
    const { body } = await http(intake.baseUrl, 'GET', '/docs-json');
    const served = Object.entries(body.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => !path.startsWith('/health'))
      .flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    expect([...new Set(ENDPOINTS.map((e) => e.route))].sort()).toEqual(served.sort());
  });

  describe.each(ENDPOINTS)('$name', (endpoint) => {
    it.each(callersOf(endpoint))('$name', async (caller) => {
      const before = endpoint.method === 'POST' ? await snapshot() : null;
      const { status, body } = await http(intake.baseUrl, endpoint.method, endpoint.path(fx), endpoint.body, {
        ...caller.headers(),
        ...(endpoint.method === 'POST' ? { 'idempotency-key': `matrix-${uuidv7()}` } : {}),
      });

      if (!caller.role) {
        expect({ status, code: body?.code }).toEqual({ status: 401, code: caller.code });
      } else if (!endpoint.allowed.includes(caller.role)) {
        const code = endpoint.guardRoles?.includes(caller.role)
          ? 'PERSONAL_DATA_SEARCH_FORBIDDEN'
          : 'ROLE_FORBIDDEN';
        expect({ status, code: body?.code }).toEqual({ status: 403, code });
      } else {
        expect({ status, body }).toEqual({ status: endpoint.success, body: expect.anything() });
        return;
      }
      if (before) expect(await snapshot()).toEqual(before);
    });
  });

  it('leaves the refused close target open until the clerk closed it', async () => {
    const { body } = await http(intake.baseUrl, 'GET', `/cases/${fx.caseToClose}`, undefined, tokenOf('ops'));
    expect(body.status).toBe('closed');
    const [row] = await db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'CaseClosed' AND message_key = $1`,
      [fx.caseToClose],
    );
    expect(row.n).toBe(1); // only the clerk's close wrote an event
  });
});

describe('intake rate limit on state-changing requests', () => {
  let intake: RunningService;

  beforeAll(async () => {
    intake = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION, {
      env: { RATE_LIMIT_PER_MINUTE: '2' },
    });
  });

  afterAll(async () => {
    await intake?.close();
  });

  it('answers 429 with Retry-After once a caller used its budget, and writes nothing', async () => {
    const db = intake.app.get(DataSource);
    const clerk = as({ role: 'clerk', subject: `clerk-${uuidv7()}` });
    for (let i = 0; i < 2; i += 1)
      expect((await http(intake.baseUrl, 'POST', '/cases', registration, clerk)).status).toBe(201);
    const count = async () =>
      (
        await db.query('SELECT (SELECT count(*)::int FROM cases) + (SELECT count(*)::int FROM outbox) AS n')
      )[0].n;
    const before = await count();
    const limited = await http(intake.baseUrl, 'POST', '/cases', registration, clerk);
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await count()).toBe(before);
    // Another clerk has a budget of its own, and reads are not limited.
    expect(
      (await http(intake.baseUrl, 'POST', '/cases', registration, as({ role: 'clerk', subject: 'other' })))
        .status,
    ).toBe(201);
    expect((await http(intake.baseUrl, 'GET', '/cases', undefined, clerk)).status).toBe(200);
  });
});
