import { PERSON_ROLES, type PersonRole } from '@chuishao/auth';
import { as, type TestCaller } from './tokens';

/** Signed with a key no service trusts. */
export const WRONG_SECRET = 'another-secret-of-at-least-32-characters!!';

export interface MatrixEndpoint {
  method: string;
  /** The route as the service declares it. */
  route: string;
  roles: readonly PersonRole[];
  /** What an allowed caller gets here (never 401/403). */
  allowedStatus: number;
}

export interface MatrixRow<E> {
  title: string;
  endpoint: E;
  /** The caller's headers; bad tokens are built for a role the endpoint allows. */
  headers: () => Record<string, string>;
  expected: number;
  code: string | null;
}

/**
 * One caller per role, each carrying what its role needs (a clerk's and an operator's center, a
 * liaison's department): the callers of every service's authorization matrix.
 */
export const STANDARD_CALLERS: Readonly<Record<PersonRole, TestCaller>> = {
  clerk: { role: 'clerk', subject: 'clerk-1', centerId: 'anlizha-village' },
  operator: { role: 'operator', subject: 'op-1', centerId: 'ganzhou-district' },
  liaison: { role: 'liaison', subject: 'liaison-1', departmentId: 'shangqin-town-government' },
  mediator: { role: 'mediator', subject: 'mediator-1' },
  supervisor: { role: 'supervisor', subject: 'supervisor-1' },
  ops: { role: 'ops', subject: 'ops-1' },
  court: { role: 'court', subject: 'court-1' },
};

/**
 * The rows of an authorization matrix: every endpoint × every role (allowed → its status, else
 * 403 ROLE_FORBIDDEN), plus no token, an expired token and a forged one (401 with their codes).
 * Each service's test keeps its endpoint table and its own "nothing changed" check.
 */
export function authorizationMatrix<E extends MatrixEndpoint>(
  endpoints: readonly E[],
  callers: Readonly<Record<PersonRole, TestCaller>> = STANDARD_CALLERS,
): MatrixRow<E>[] {
  const badTokens: Array<[string, (role: PersonRole) => Record<string, string>, string]> = [
    ['no token', () => ({}), 'TOKEN_MISSING'],
    ['an expired token', (role) => as(callers[role], { expiresInSeconds: -60 }), 'TOKEN_EXPIRED'],
    [
      'a token signed with another key',
      (role) => as(callers[role], { secret: WRONG_SECRET }),
      'TOKEN_INVALID',
    ],
  ];
  return endpoints.flatMap((endpoint) => {
    const name = `${endpoint.method} ${endpoint.route}`;
    const byRole = PERSON_ROLES.map((role): MatrixRow<E> => {
      const allowed = endpoint.roles.includes(role);
      const expected = allowed ? endpoint.allowedStatus : 403;
      return {
        title: `${name} as ${role}: ${allowed ? 'allowed' : 'refused'}, ${expected}`,
        endpoint,
        headers: () => as(callers[role]),
        expected,
        code: allowed ? null : 'ROLE_FORBIDDEN',
      };
    });
    const bad = badTokens.map(([label, headers, code]): MatrixRow<E> => ({
      title: `${name} with ${label}: 401 ${code}`,
      endpoint,
      headers: () => headers(endpoint.roles[0]),
      expected: 401,
      code,
    }));
    return [...byRole, ...bad];
  });
}

/**
 * `METHOD /route` of every route a running app serves, except the platform's own open ones
 * (health, docs, metrics), so a matrix can prove it leaves no endpoint out.
 */
export function servedRoutes(app: { getHttpAdapter(): { getInstance(): unknown } }): string[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const stack = (app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router.stack;
  const served = stack
    .filter((layer) => layer.route && !/^\/(health|docs|metrics)/.test(layer.route.path))
    .flatMap((layer) =>
      Object.keys(layer.route!.methods).map((m) => `${m.toUpperCase()} ${layer.route!.path}`),
    );
  return [...new Set(served)].sort();
}

/** Where a caller's center stands relative to the center of the item they reach for. */
export type CenterRelation = 'own' | 'parent' | 'child' | 'sibling';

/**
 * The item's center is a town (shangqin-town); the caller sits at that town, at the district
 * above it, at a village below it, or at the neighbouring town (seeded by intake's centers.json).
 */
export const SCOPE_ITEM_CENTER = 'shangqin-town';
export const CENTER_OF: Readonly<Record<CenterRelation, string>> = {
  own: 'shangqin-town',
  parent: 'ganzhou-district',
  child: 'anlizha-village',
  sibling: 'liangjiadun-town',
};

export type ScopedRole = 'clerk' | 'operator' | 'supervisor';

export interface ScopeRow {
  title: string;
  role: ScopedRole;
  relation: CenterRelation;
  caller: TestCaller;
  /** A clerk reaches their own center only; an operator or supervisor their center and below. */
  inScope: boolean;
}

/**
 * The center dimension of an authorization matrix: each role whose reach is a center × (own,
 * parent, child, sibling) center. Out of scope answers 404 for an item and leaves it out of a
 * list; each service's test checks that nothing changed on a refusal.
 */
export function centerScopeMatrix(
  roles: readonly ScopedRole[] = ['clerk', 'operator', 'supervisor'],
): ScopeRow[] {
  const relations: CenterRelation[] = ['own', 'parent', 'child', 'sibling'];
  return roles.flatMap((role) =>
    relations.map((relation) => {
      const inScope = relation === 'own' || (role !== 'clerk' && relation === 'parent');
      return {
        title: `${role} at the ${relation} center (${CENTER_OF[relation]}): ${inScope ? 'in scope' : 'out of scope'}`,
        role,
        relation,
        caller: { role, subject: `${role}-${relation}`, centerId: CENTER_OF[relation] },
        inScope,
      };
    }),
  );
}
