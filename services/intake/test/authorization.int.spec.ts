import type { PersonRole } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import {
  as,
  describeAuthorizationMatrix,
  http,
  SCOPE_ITEM_CENTER,
  startService,
  STANDARD_CALLERS,
  type RunningService,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

/**
 * Every intake endpoint × every role, plus a missing, an expired and a forged token (libs/testing
 * describeAuthorizationMatrix), and the case reads and the close × a clerk's, an operator's and a
 * supervisor's (own, parent, child, sibling) center: the fixture's cases are registered at the
 * town. Refused callers get 401/403/404 and change nothing; allowed ones get the endpoint's answer.
 * Registering at another center (403 CENTER_OUT_OF_SCOPE, naming the field) is in
 * center-scope.int.spec.ts.
 */

const CASE_READERS: readonly PersonRole[] = ['clerk', 'operator', 'mediator', 'supervisor', 'ops'];
const ALL: readonly PersonRole[] = ['clerk', 'operator', 'liaison', 'mediator', 'supervisor', 'ops', 'court'];

/** The matrix's clerk works at the town where every case of the fixture is registered. */
const CLERK = { role: 'clerk' as const, subject: 'clerk-town', centerId: SCOPE_ITEM_CENTER };
const CALLERS = { ...STANDARD_CALLERS, clerk: CLERK };

const registration = {
  centerId: SCOPE_ITEM_CENTER,
  channel: 'walk_in',
  disputeType: 'neighbour',
  summary: 'Two neighbours dispute a wall between their yards.',
  headcount: 2,
  urgency: 'normal',
  parties: [{ role: 'applicant', name: '王某', idNumber: '620702198001011234', phone: '13912345678' }],
};

interface Fixture {
  caseId: string;
  /** Closed by the matrix's clerk, after every refusal met it open. */
  caseToClose: string;
  /** Closed by the clerk of the own center in the center dimension. */
  scopeCaseToClose: string;
  /** Linked by the matrix's clerk to `caseId` as a repeat petition. */
  caseToLink: string;
  /** An Open311 client whose key ops revokes (a second revoke changes nothing). */
  open311ClientId: string;
}

interface Endpoint {
  method: 'GET' | 'POST';
  route: string;
  path: (f: Fixture) => string;
  body?: unknown;
  roles: readonly PersonRole[];
  allowedStatus: number;
}

const ENDPOINTS: Endpoint[] = [
  {
    method: 'POST',
    route: '/cases',
    path: () => '/cases',
    body: registration,
    roles: ['clerk'],
    allowedStatus: 201,
  },
  { method: 'GET', route: '/cases', path: () => '/cases?limit=200', roles: CASE_READERS, allowedStatus: 200 },
  {
    method: 'GET',
    route: '/cases/:id',
    path: (f) => `/cases/${f.caseId}`,
    roles: CASE_READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/cases/:id/audit',
    path: (f) => `/cases/${f.caseId}/audit`,
    roles: ['ops', 'supervisor'],
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/cases/:id/close',
    path: (f) => `/cases/${f.caseToClose}/close`,
    body: { reason: 'withdrawn by the applicant' },
    roles: ['clerk'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/cases/:id/similar',
    path: (f) => `/cases/${f.caseToLink}/similar`,
    roles: ['clerk', 'operator'],
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/cases/:id/links',
    path: (f) => `/cases/${f.caseToLink}/links`,
    // The earlier case is the fixture's, known once set up.
    get body() {
      return { linkedCaseId: fixtureIds[0] };
    },
    roles: ['clerk'],
    allowedStatus: 201,
  },
  {
    method: 'GET',
    route: '/repeat-petitions',
    path: () => '/repeat-petitions',
    roles: ['operator', 'supervisor', 'ops'],
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/open311-clients',
    path: () => '/open311-clients',
    body: { name: '12345 热线', centerId: 'anlizha-village' },
    roles: ['ops'],
    allowedStatus: 201,
  },
  {
    method: 'GET',
    route: '/open311-clients',
    path: () => '/open311-clients',
    roles: ['ops'],
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/open311-clients/:id/revoke',
    path: (f) => `/open311-clients/${f.open311ClientId}/revoke`,
    roles: ['ops'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/cases/:id/evidence',
    path: (f) => `/cases/${f.caseId}/evidence`,
    roles: CASE_READERS,
    allowedStatus: 200,
  },
  { method: 'GET', route: '/centers', path: () => '/centers', roles: ALL, allowedStatus: 200 },
  {
    method: 'GET',
    route: '/centers/:id',
    path: () => '/centers/anlizha-village',
    roles: ALL,
    allowedStatus: 200,
  },
];

const CASE_ITEM = { kind: 'item', notFoundCode: 'CASE_NOT_FOUND' } as const;
let fixtureIds: string[] = [];

describeAuthorizationMatrix<Fixture, Endpoint>('intake', {
  endpoints: ENDPOINTS,
  callers: CALLERS,
  async setUp() {
    const service = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION);
    const register = async () => {
      const { status, body } = await http(service.baseUrl, 'POST', '/cases', registration, as(CLERK));
      expect(status).toBe(201);
      return body.id as string;
    };
    const fixture = {
      caseId: await register(),
      caseToClose: await register(),
      scopeCaseToClose: await register(),
      caseToLink: await register(),
      open311ClientId: (
        await http(
          service.baseUrl,
          'POST',
          '/open311-clients',
          { name: 'resident app', centerId: 'anlizha-village' },
          as({ role: 'ops', subject: 'ops-fixture' }),
        )
      ).body.id as string,
    };
    fixtureIds = Object.values(fixture);
    return { service, fixture };
  },
  async state(service) {
    const db = service.app.get(DataSource);
    const [counts] = await db.query(`
      SELECT (SELECT count(*)::int FROM cases) AS cases,
             (SELECT count(*)::int FROM parties) AS parties,
             (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
             (SELECT count(*)::int FROM audit_log) AS audit_log,
             (SELECT count(*)::int FROM open311_clients WHERE revoked_at IS NULL) AS open311_keys`);
    const statuses = await db.query(
      'SELECT id, status, close_reason FROM cases WHERE id = ANY($1) ORDER BY id',
      [fixtureIds],
    );
    return { counts, statuses };
  },
  centerScope: {
    endpoints: {
      'GET /cases/:id': CASE_ITEM,
      'GET /cases/:id/audit': CASE_ITEM,
      'GET /cases/:id/evidence': CASE_ITEM,
      'POST /cases/:id/close': { ...CASE_ITEM, path: (f) => `/cases/${f.scopeCaseToClose}/close` },
      'GET /cases': {
        kind: 'list',
        contains: (body, f) => (body.items as Array<{ id: string }>).some((c) => c.id === f.caseId),
      },
    },
  },
  // A referral moves the case it names, so each allowed role would need a case where the last
  // left it: its role rows (and center scope) are in referral.int.spec.ts instead.
  // A follow-up answers a closed case once, so likewise: its roles and scope in follow-up.int.spec.ts.
  // The party's one-time link is public (its token is the credential): follow-up-link.int.spec.ts.
  // Open311 is public to the bearer token (a client's api_key is its credential): open311.int.spec.ts.
  // An upload's body is a file's bytes, not the matrix's JSON, and a download needs an upload
  // first: both with their roles and center scope in evidence.int.spec.ts.
  notInMatrix: [
    'GET /open311/v2/services.:format',
    'GET /open311/v2/requests.:format',
    'GET /open311/v2/requests/:id.:format',
    'POST /open311/v2/requests.:format',
    'POST /cases/:id/evidence',
    'GET /cases/:id/evidence/:evidenceId/content',
    'POST /cases/:id/referrals',
    'POST /cases/:id/follow-up',
    'GET /follow-ups/:token',
    'POST /follow-ups/:token',
  ],
  more: (running) => moreChecks(running),
});

function moreChecks(running: () => { service: RunningService; fixture: Fixture }): void {
  const get = (path: string, headers: Record<string, string>) =>
    http(running().service.baseUrl, 'GET', path, undefined, headers);

  it.each(
    CASE_READERS.flatMap((role) =>
      ['idNumber=620702198001011234', 'phone=139-1234-5678'].map((q) => [role, q]),
    ),
  )('GET /cases?%s… by personal data: clerk and operator only (as %s)', async (role, query) => {
    const answer = await get(`/cases?${query}`, as(CALLERS[role as PersonRole]));
    if (role === 'clerk' || role === 'operator') expect(answer.status).toBe(200);
    else
      expect({ status: answer.status, code: answer.body.code }).toEqual({
        status: 403,
        code: 'PERSONAL_DATA_SEARCH_FORBIDDEN',
      });
  });

  it('refuses a bearer that is no JWT: 401 TOKEN_INVALID', async () => {
    const answer = await get(`/cases/${running().fixture.caseId}`, { authorization: 'Bearer not.a.jwt' });
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 401, code: 'TOKEN_INVALID' });
  });

  it('leaves the close targets open until their clerk closed them, one CaseClosed each', async () => {
    const { service, fixture } = running();
    for (const id of [fixture.caseToClose, fixture.scopeCaseToClose]) {
      expect((await get(`/cases/${id}`, as('ops'))).body.status).toBe('closed');
      const [row] = await service.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS n FROM outbox WHERE event_type = 'CaseClosed' AND message_key = $1`, [
          id,
        ]);
      expect(row.n).toBe(1);
    }
  });
}

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
    const clerk = as({ role: 'clerk', subject: `clerk-${uuidv7()}`, centerId: SCOPE_ITEM_CENTER });
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
    const other = as({ role: 'clerk', subject: 'other', centerId: SCOPE_ITEM_CENTER });
    expect((await http(intake.baseUrl, 'POST', '/cases', registration, other)).status).toBe(201);
    expect((await http(intake.baseUrl, 'GET', '/cases', undefined, clerk)).status).toBe(200);
  });
});
