import { CaseRegistered, createEvent } from '@chuishao/contracts';
import { PERSON_ROLES, TokenVerifier, loadAuthConfig, type PersonRole } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import {
  RawProducer,
  as,
  http,
  startService,
  waitFor,
  type RunningService,
  type TestCaller,
} from '@chuishao/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { AppModule, DISPATCH_DESCRIPTION } from '../src/app.module';

/**
 * Who may call what (SPEC "Users", "HTTP"): every endpoint × every role, plus a missing, an expired
 * and a forged token. Refused callers get 401/403 and change nothing; allowed ones get through.
 */

interface Fixture {
  /** A case dispatch knows, with an open whistle. */
  caseWithWhistle: string;
  whistleId: string;
  /** A case dispatch knows, without a whistle: the operator's POST may blow one. */
  freshCase: string;
}

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT';
  /** The route as the service declares it. */
  route: string;
  path: (f: Fixture) => string;
  body?: unknown;
  roles: readonly PersonRole[];
  /** What an allowed caller gets here (never 401/403). */
  allowedStatus: number;
}

const WHISTLE_READERS = ['operator', 'supervisor', 'ops', 'mediator'] as const;

const ENDPOINTS: Endpoint[] = [
  {
    method: 'POST',
    route: '/cases/:caseId/whistles',
    path: (f) => `/cases/${f.freshCase}/whistles`,
    body: { reason: 'authorization matrix' },
    roles: ['operator'],
    allowedStatus: 201,
  },
  {
    method: 'GET',
    route: '/cases/:caseId/whistles',
    path: (f) => `/cases/${f.caseWithWhistle}/whistles`,
    roles: WHISTLE_READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/whistles',
    path: () => '/whistles?status=open&limit=5',
    roles: WHISTLE_READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/whistles/:id',
    path: (f) => `/whistles/${f.whistleId}`,
    roles: WHISTLE_READERS,
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/whistles/:id/reassign',
    path: (f) => `/whistles/${f.whistleId}/reassign`,
    body: {
      fromDepartmentId: 'shangqin-town-government',
      toDepartmentId: 'shangqin-police-station',
      reason: 'no staff on duty',
    },
    roles: ['operator'],
    allowedStatus: 409, // nothing declined yet: SUMMONS_NOT_DECLINED, past the guard
  },
  {
    method: 'GET',
    route: '/routing-rules',
    path: () => '/routing-rules',
    roles: ['operator', 'supervisor', 'ops'],
    allowedStatus: 200,
  },
  {
    method: 'PUT',
    route: '/routing-rules/:disputeType',
    path: () => '/routing-rules/neighbour',
    body: { departmentKinds: ['judicial_office', 'town_government'] }, // the seeded rule, unchanged
    roles: ['supervisor', 'ops'],
    allowedStatus: 200,
  },
];

/** A plausible caller per role (a liaison token must name its department, or it is a 401). */
const CALLERS: Record<PersonRole, TestCaller> = {
  clerk: { role: 'clerk', subject: 'clerk-1', centerId: 'anlizha-village' },
  operator: { role: 'operator', subject: 'op-1', centerId: 'ganzhou-district' },
  liaison: { role: 'liaison', subject: 'liaison-1', departmentId: 'shangqin-town-government' },
  mediator: { role: 'mediator', subject: 'mediator-1' },
  supervisor: { role: 'supervisor', subject: 'supervisor-1' },
  ops: { role: 'ops', subject: 'ops-1' },
  court: { role: 'court', subject: 'court-1' },
};

const WRONG_SECRET = 'another-secret-of-at-least-32-characters!!';

const DIRECTORY = [
  {
    id: 'shangqin-judicial-office',
    kind: 'judicial_office',
    name: 'Shangqin judicial office',
    centerIds: ['shangqin-town'],
  },
  {
    id: 'shangqin-town-government',
    kind: 'town_government',
    name: 'Shangqin town government',
    centerIds: ['shangqin-town'],
  },
  {
    id: 'shangqin-police-station',
    kind: 'police_station',
    name: 'Shangqin police station',
    centerIds: ['shangqin-town'],
  },
];

describe('dispatch authorization matrix', () => {
  let dispatch: RunningService;
  let directoryServer: Server;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const fixture = {} as Fixture;
  const operator = as(CALLERS.operator);

  /** Everything a refused request could have touched: row counts, and the rows that can be rewritten. */
  async function state() {
    const [row] = await dispatch.app.get(DataSource).query(`
      SELECT (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM whistles) AS whistles,
             (SELECT count(*)::int FROM whistle_summons) AS summons,
             (SELECT count(*)::int FROM routing_rules) AS routing_rules,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
             (SELECT count(*)::int FROM audit_log) AS audit_log,
             (SELECT md5(coalesce(string_agg(dispute_type || ':' || array_to_string(department_kinds, ',') || ':' ||
                     updated_at::text, '|' ORDER BY dispute_type), '')) FROM routing_rules) AS routing_rules_digest,
             (SELECT md5(coalesce(string_agg(id::text || ':' || status, '|' ORDER BY id), ''))
                FROM whistle_summons) AS summons_digest`);
    return row as Record<string, number | string>;
  }

  async function registerCase(): Promise<string> {
    const caseId = uuidv7();
    const event = createEvent(CaseRegistered, {
      id: uuidv7(),
      occurredAt: new Date(),
      caseId,
      correlationId: caseId,
      actor: { role: 'clerk', id: 'clerk-1' },
      payload: {
        caseNo: `AUTH-${caseId.slice(-6)}`,
        center: {
          id: 'anlizha-village',
          name: 'Anlizha',
          tier: 'village',
          path: ['ganzhou-district', 'shangqin-town', 'anlizha-village'],
        },
        channel: 'petition',
        disputeType: 'neighbour',
        summary: 'a boundary quarrel',
        headcount: 2,
        urgency: 'normal',
        parties: [
          { partyId: uuidv7(), role: 'applicant', name: '王某', idNumberMasked: null, phoneMasked: null },
        ],
        registeredAt: new Date().toISOString(),
      },
    });
    await raw.send(dispatch.topic('cases'), caseId, JSON.stringify(event));
    await waitFor(
      'dispatch to know the case',
      async () =>
        (await http(dispatch.baseUrl, 'GET', `/cases/${caseId}/whistles`, undefined, operator)).status ===
        200,
    );
    return caseId;
  }

  beforeAll(async () => {
    const verifier = new TokenVerifier(loadAuthConfig());
    directoryServer = createServer((req, res) => {
      verifier.verify(req.headers.authorization).then(
        () =>
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(JSON.stringify({ items: DIRECTORY })),
        () => res.writeHead(401).end(),
      );
    });
    await new Promise<void>((resolve) => directoryServer.listen(0, '127.0.0.1', resolve));
    dispatch = await startService(
      'dispatch',
      (config) =>
        AppModule.forRoot(config, {
          settings: {
            departmentServiceUrl: `http://127.0.0.1:${(directoryServer.address() as AddressInfo).port}`,
          },
        }),
      DISPATCH_DESCRIPTION,
    );
    fixture.caseWithWhistle = await registerCase();
    fixture.freshCase = await registerCase();
    const blown = await http(
      dispatch.baseUrl,
      'POST',
      `/cases/${fixture.caseWithWhistle}/whistles`,
      {},
      operator,
    );
    expect(blown.status).toBe(201);
    fixture.whistleId = blown.body.id;
  });

  afterAll(async () => {
    await raw.stop();
    await dispatch?.close();
    directoryServer?.close();
  });

  const badTokens: Array<[string, (role: PersonRole) => Record<string, string>, string]> = [
    ['no token', () => ({}), 'TOKEN_MISSING'],
    ['an expired token', (role) => as(CALLERS[role], { expiresInSeconds: -60 }), 'TOKEN_EXPIRED'],
    [
      'a token signed with another key',
      (role) => as(CALLERS[role], { secret: WRONG_SECRET }),
      'TOKEN_INVALID',
    ],
  ];

  interface Row {
    title: string;
    endpoint: Endpoint;
    /** The caller's headers; bad tokens are built for a role the endpoint allows. */
    headers: () => Record<string, string>;
    expected: number;
    code: string | null;
  }
  const rows: Row[] = ENDPOINTS.flatMap((endpoint) => {
    const name = `${endpoint.method} ${endpoint.route}`;
    const byRole = PERSON_ROLES.map((role): Row => {
      const allowed = endpoint.roles.includes(role);
      const expected = allowed ? endpoint.allowedStatus : 403;
      return {
        title: `${name} as ${role}: ${allowed ? 'allowed' : 'refused'}, ${expected}`,
        endpoint,
        headers: () => as(CALLERS[role]),
        expected,
        code: allowed ? null : 'ROLE_FORBIDDEN',
      };
    });
    const bad = badTokens.map(([label, headers, code]): Row => ({
      title: `${name} with ${label}: 401 ${code}`,
      endpoint,
      headers: () => headers(endpoint.roles[0]),
      expected: 401,
      code,
    }));
    return [...byRole, ...bad];
  });

  it('declares every endpoint of the service in the matrix', () => {
    type Layer = { route?: { path: string; methods: Record<string, boolean> } };
    const stack = dispatch.app.getHttpAdapter().getInstance().router.stack as unknown as Layer[];
    const served = stack
      .filter((layer) => layer.route && !/^\/(health|docs)/.test(layer.route.path))
      .flatMap((layer) =>
        Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`),
      );
    expect([...new Set(served)].sort()).toEqual(ENDPOINTS.map((e) => `${e.method} ${e.route}`).sort());
  });

  it.each(rows)('$title', async ({ endpoint, headers, expected, code }) => {
    const changes = endpoint.method !== 'GET';
    const before = changes ? await state() : null;
    const response = await http(dispatch.baseUrl, endpoint.method, endpoint.path(fixture), endpoint.body, {
      ...headers(),
      ...(changes ? { 'idempotency-key': uuidv7() } : {}),
    });
    if (expected === 401 || expected === 403) {
      expect({ status: response.status, code: response.body?.code }).toEqual({ status: expected, code });
      if (changes) expect(await state()).toEqual(before);
    } else {
      expect(response.status).not.toBe(401);
      expect(response.status).not.toBe(403);
      expect({ status: response.status, body: response.body }).toMatchObject({ status: expected });
    }
  });

  it('keeps health and liveness open to anyone', async () => {
    expect((await http(dispatch.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });
});
