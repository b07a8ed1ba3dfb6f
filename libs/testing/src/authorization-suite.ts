import type { PersonRole } from '@chuishao/auth';
import { randomUUID } from 'node:crypto';
import {
  authorizationMatrix,
  centerScopeMatrix,
  servedRoutes,
  STANDARD_CALLERS,
  type MatrixEndpoint,
  type ScopedRole,
  type ScopeRow,
} from './authorization-matrix';
import { http, type RunningService } from './service-harness';
import { as, type TestCaller } from './tokens';
import type { Json } from './topic-observer';

export interface SuiteEndpoint<F> extends MatrixEndpoint {
  /** The path to call, from the fixture the suite set up. */
  path: (fixture: F) => string;
  body?: unknown;
  /** A Server-Sent Events stream: its status is read, then it is hung up. */
  stream?: boolean;
}

/**
 * How a scope dimension shows on an endpoint: a single item (404 out of scope) or a list. An item
 * may name a path of its own (a state-changing endpoint whose matrix item an allowed caller has
 * already moved on), and what an in-scope caller gets there if not the endpoint's allowedStatus.
 */
export type ScopeCheck<F> =
  | { kind: 'item'; notFoundCode: string; path?: (fixture: F) => string; inScopeStatus?: number }
  | { kind: 'list'; contains: (body: Json, fixture: F) => boolean };

/**
 * The department dimension: a liaison of the item's department (in scope) and of another one
 * (out of scope: 404 for an item, left out of a list, nothing changed). The other runs first, so
 * its refusal meets the item as the own liaison has not touched it yet.
 */
export interface DepartmentScope<F> {
  own: TestCaller;
  other: TestCaller;
  endpoints: Readonly<Record<string, ScopeCheck<F>>>;
}

export interface AuthorizationSuite<F, E extends SuiteEndpoint<F>> {
  endpoints: readonly E[];
  callers?: Readonly<Record<PersonRole, TestCaller>>;
  /** `METHOD /route`s served without a token, or whose matrix is in another file. */
  notInMatrix?: readonly string[];
  /** Starts the service and makes the fixture (for the center dimension, items at SCOPE_ITEM_CENTER). */
  setUp: () => Promise<{ service: RunningService; fixture: F }>;
  tearDown?: () => Promise<void>;
  /** Everything a refused call could have changed; compared before and after every refusal. */
  state: (service: RunningService) => Promise<unknown>;
  /** The center dimension: per `METHOD /route`, how scope shows there; rows per centerScopeMatrix. */
  centerScope?: { roles?: ScopedRole[]; endpoints: Readonly<Record<string, ScopeCheck<F>>> };
  /** The department dimension (liaisons), per `METHOD /route`. */
  departmentScope?: DepartmentScope<F>;
  /** More tests that need the running service, inside the same describe block. */
  more?: (running: () => { service: RunningService; fixture: F }) => void;
}

interface Answer {
  status: number;
  body: Json;
}

/** Status and body; a stream that opened is hung up at once (its body never ends). */
async function call<F>(
  service: RunningService,
  endpoint: SuiteEndpoint<F>,
  fixture: F,
  headers: Record<string, string>,
  pathOf: (fixture: F) => string = endpoint.path,
): Promise<Answer> {
  const changes = endpoint.method !== 'GET';
  const sent = { ...headers, ...(changes ? { 'idempotency-key': randomUUID() } : {}) };
  const path = pathOf(fixture);
  if (!endpoint.stream) return http(service.baseUrl, endpoint.method, path, endpoint.body, sent);
  const abort = new AbortController();
  const response = await fetch(`${service.baseUrl}${path}`, {
    headers: sent,
    signal: abort.signal,
  });
  const body = response.status === 200 ? null : await response.json();
  abort.abort();
  return { status: response.status, body };
}

/**
 * One service's authorization matrix: every endpoint × every role (403 ROLE_FORBIDDEN where not
 * declared), a missing, an expired and a forged token (401), and, where given, every scoped role
 * × (own, parent, child, sibling) center and a liaison of the own and of another department (404
 * for an item out of scope, left out of a list). The
 * service's state is compared before and after every refusal: nothing may change. It also checks
 * that every route the service serves is in the matrix or named as outside it.
 */
export function describeAuthorizationMatrix<F, E extends SuiteEndpoint<F>>(
  name: string,
  suite: AuthorizationSuite<F, E>,
): void {
  describe(`${name} authorization matrix`, () => {
    let service: RunningService;
    let fixture: F;

    beforeAll(async () => ({ service, fixture } = await suite.setUp()));
    afterAll(async () => {
      await suite.tearDown?.();
      await service?.close();
    });

    /** Calls; on a refusal (expected 401, 403 or 404) checks the code and that nothing changed. */
    async function refusedOrAllowed(
      endpoint: E,
      headers: Record<string, string>,
      refusal: { status: number; code: string } | null,
      pathOf?: (fixture: F) => string,
    ) {
      const before = refusal ? await suite.state(service) : null;
      const answer = await call(service, endpoint, fixture, headers, pathOf);
      if (refusal) {
        expect({ status: answer.status, code: answer.body?.code }).toEqual(refusal);
        expect(await suite.state(service)).toEqual(before);
      }
      return answer;
    }

    it('declares every endpoint of the service in the matrix or outside it', () => {
      expect(servedRoutes(service.app)).toEqual(
        [...suite.endpoints.map((e) => `${e.method} ${e.route}`), ...(suite.notInMatrix ?? [])].sort(),
      );
    });

    it.each(authorizationMatrix(suite.endpoints, suite.callers ?? STANDARD_CALLERS))(
      '$title',
      async ({ endpoint, headers, expected, code }) => {
        const refused = expected === 401 || expected === 403;
        const answer = await refusedOrAllowed(
          endpoint,
          headers(),
          refused ? { status: expected, code: code! } : null,
        );
        if (!refused) {
          expect(answer.status).not.toBe(401);
          expect(answer.status).not.toBe(403);
          expect({ status: answer.status, body: answer.body }).toMatchObject({ status: expected });
        }
      },
    );

    const scopeRows = [...scopeDimension(suite), ...departmentDimension(suite)];
    if (scopeRows.length)
      it.each(scopeRows)('$title', async ({ endpoint, check, row }) => {
        const headers = as(row.caller);
        if (check.kind === 'item') {
          const refusal = row.inScope ? null : { status: 404, code: check.notFoundCode };
          const answer = await refusedOrAllowed(endpoint, headers, refusal, check.path);
          if (row.inScope) expect(answer.status).toBe(check.inScopeStatus ?? endpoint.allowedStatus);
        } else {
          const answer = await call(service, endpoint, fixture, headers);
          expect({ status: answer.status, listed: check.contains(answer.body, fixture) }).toEqual({
            status: 200,
            listed: row.inScope,
          });
        }
      });

    suite.more?.(() => ({ service, fixture }));
  });
}

interface DimensionRow {
  title: string;
  caller: TestCaller;
  inScope: boolean;
}

function endpointOf<F, E extends SuiteEndpoint<F>>(suite: AuthorizationSuite<F, E>, key: string): E {
  const endpoint = suite.endpoints.find((e) => `${e.method} ${e.route}` === key);
  if (!endpoint) throw new Error(`a scope dimension names ${key}, which is not in the matrix`);
  return endpoint;
}

function departmentDimension<F, E extends SuiteEndpoint<F>>(suite: AuthorizationSuite<F, E>) {
  if (!suite.departmentScope) return [];
  const { own, other, endpoints } = suite.departmentScope;
  const rows: DimensionRow[] = [
    {
      title: `liaison of another department (${other.departmentId}): out of scope`,
      caller: other,
      inScope: false,
    },
    { title: `liaison of the department (${own.departmentId}): in scope`, caller: own, inScope: true },
  ];
  return Object.entries(endpoints).flatMap(([key, check]) => {
    const endpoint = endpointOf(suite, key);
    return rows.map((row) => ({ title: `${key} as ${row.title}`, endpoint, check, row }));
  });
}

function scopeDimension<F, E extends SuiteEndpoint<F>>(suite: AuthorizationSuite<F, E>) {
  if (!suite.centerScope) return [];
  const { roles, endpoints } = suite.centerScope;
  return Object.entries(endpoints).flatMap(([key, check]) => {
    const endpoint = endpointOf(suite, key);
    return centerScopeMatrix(roles)
      .filter((row: ScopeRow) => endpoint.roles.includes(row.role))
      .map((row) => ({ title: `${key} as ${row.title}`, endpoint, check, row }));
  });
}
