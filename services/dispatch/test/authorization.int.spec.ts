import type { PersonRole } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import {
  RawProducer,
  as,
  authorizationMatrix,
  http,
  servedRoutes,
  type RunningService,
  STANDARD_CALLERS,
} from '@chuishao/testing';
import {
  SHANGQIN_TOWN_DEPARTMENTS,
  registerCase,
  startDirectoryStandIn,
  startDispatch,
  writableState,
  type DirectoryStandIn,
} from './support/fixtures';

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
    route: '/cases/:caseId/routing-suggestion',
    path: (f) => `/cases/${f.caseWithWhistle}/routing-suggestion`,
    roles: ['operator', 'supervisor', 'ops'],
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
const CALLERS = STANDARD_CALLERS;

describe('dispatch authorization matrix', () => {
  let dispatch: RunningService;
  let directoryServer: DirectoryStandIn;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const fixture = {} as Fixture;
  const operator = as(CALLERS.operator);

  /** Everything a refused request could have touched: row counts, and the rows that can be rewritten. */
  const state = () => writableState(dispatch, { countKnownCases: false });

  /** A neighbour quarrel dispatch knows, so whistles can be blown and read on it. */
  const knownCase = () => registerCase(dispatch, raw, { caseNoPrefix: 'AUTH-', readAs: operator });

  beforeAll(async () => {
    directoryServer = await startDirectoryStandIn({
      departments: () => SHANGQIN_TOWN_DEPARTMENTS,
      refusesBadTokenWith: 'bare-401',
    });
    dispatch = await startDispatch(directoryServer);
    fixture.caseWithWhistle = await knownCase();
    fixture.freshCase = await knownCase();
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

  const rows = authorizationMatrix(ENDPOINTS, CALLERS);

  it('declares every endpoint of the service in the matrix', () => {
    expect(servedRoutes(dispatch.app)).toEqual(ENDPOINTS.map((e) => `${e.method} ${e.route}`).sort());
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
