import type { PersonRole } from '@chuishao/auth';
import { RawProducer, as, describeAuthorizationMatrix, http, STANDARD_CALLERS } from '@chuishao/testing';
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
 * (The center dimension of whistles and cases: center-scope.int.spec.ts.)
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
    method: 'POST',
    route: '/whistles/:id/summons',
    path: (f) => `/whistles/${f.whistleId}/summons`,
    body: { departmentId: 'not-in-the-directory', reason: 'more hands' },
    roles: ['operator', 'supervisor'],
    allowedStatus: 400, // DEPARTMENT_UNKNOWN, past the guard, nothing added
  },
  {
    method: 'POST',
    route: '/whistles/:id/summons/:summonsId/stand-down',
    path: (f) => `/whistles/${f.whistleId}/summons/${f.whistleId}/stand-down`,
    body: { reason: 'no longer needed' },
    roles: ['operator', 'supervisor'],
    allowedStatus: 404, // SUMMONS_NOT_FOUND (the whistle's id is no summons of it), past the guard
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

const raw = new RawProducer(process.env.KAFKA_BROKERS!);
let directoryServer: DirectoryStandIn;

describeAuthorizationMatrix<Fixture, Endpoint>('dispatch', {
  endpoints: ENDPOINTS,
  async setUp() {
    directoryServer = await startDirectoryStandIn({
      departments: () => SHANGQIN_TOWN_DEPARTMENTS,
      refusesBadTokenWith: 'bare-401',
    });
    const dispatch = await startDispatch(directoryServer);
    const operator = as(STANDARD_CALLERS.operator);
    /** A neighbour quarrel dispatch knows, so whistles can be blown and read on it. */
    const knownCase = () => registerCase(dispatch, raw, { caseNoPrefix: 'AUTH-', readAs: operator });
    const caseWithWhistle = await knownCase();
    const freshCase = await knownCase();
    const blown = await http(dispatch.baseUrl, 'POST', `/cases/${caseWithWhistle}/whistles`, {}, operator);
    expect(blown.status).toBe(201);
    return { service: dispatch, fixture: { caseWithWhistle, freshCase, whistleId: blown.body.id } };
  },
  async tearDown() {
    await raw.stop();
    directoryServer?.close();
  },
  /** Everything a refused request could have touched: row counts, and the rows that can be rewritten. */
  state: (dispatch) => writableState(dispatch, { countKnownCases: false }),
  more(running) {
    it('keeps health and liveness open to anyone', async () => {
      expect((await http(running().service.baseUrl, 'GET', '/health/live')).status).toBe(200);
    });
  },
});
