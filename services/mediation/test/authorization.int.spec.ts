import type { PersonRole } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import {
  authorizationMatrix,
  http,
  servedRoutes,
  startService,
  waitFor,
  type RunningService,
  STANDARD_CALLERS,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { AS_MEDIATOR, Script, agreementBody, sessionBody } from './support';

/**
 * Who may call what: every endpoint × every role, plus a missing, an expired and a forged token.
 * Refused callers get 401/403 and change nothing; allowed ones get through (to a 404 or 409 where
 * a success would change the fixture).
 */

interface Fixture {
  caseId: string;
  mediationId: string;
}

interface Endpoint {
  method: 'GET' | 'POST';
  route: string;
  path: (f: Fixture) => string;
  body?: unknown;
  roles: readonly PersonRole[];
  allowedStatus: number;
}

const READERS: PersonRole[] = ['mediator', 'supervisor', 'ops', 'operator'];

const ENDPOINTS: Endpoint[] = [
  {
    method: 'POST',
    route: '/cases/:caseId/mediations',
    path: (f) => `/cases/${f.caseId}/mediations`,
    body: {},
    roles: ['mediator'],
    allowedStatus: 409, // the case already has an open mediation: past the guard
  },
  {
    method: 'GET',
    route: '/cases/:caseId/mediations',
    path: (f) => `/cases/${f.caseId}/mediations`,
    roles: READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/mediations',
    path: () => '/mediations?state=open&limit=5',
    roles: READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/mediations/:id',
    path: (f) => `/mediations/${f.mediationId}`,
    roles: READERS,
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/mediations/:id/sessions',
    path: () => `/mediations/${uuidv7()}/sessions`,
    body: sessionBody('情'),
    roles: ['mediator', 'supervisor'],
    allowedStatus: 404,
  },
  {
    method: 'POST',
    route: '/mediations/:id/agreement',
    path: () => `/mediations/${uuidv7()}/agreement`,
    body: agreementBody(),
    roles: ['mediator', 'supervisor'],
    allowedStatus: 404,
  },
  {
    method: 'POST',
    route: '/mediations/:id/fail',
    path: () => `/mediations/${uuidv7()}/fail`,
    body: { reason: 'authorization matrix' },
    roles: ['mediator', 'supervisor'],
    allowedStatus: 404,
  },
];

const CALLERS = STANDARD_CALLERS;

describe('mediation authorization matrix', () => {
  let mediation: RunningService;
  const script = new Script(() => mediation);
  const fixture = {} as Fixture;

  async function state() {
    const [row] = await mediation.app.get(DataSource).query(`
      SELECT (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM mediations) AS mediations,
             (SELECT count(*)::int FROM mediation_sessions) AS sessions,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
             (SELECT count(*)::int FROM audit_log) AS audit_log,
             (SELECT md5(coalesce(string_agg(id::text || ':' || state, '|' ORDER BY id), '')) FROM mediations) AS digest`);
    return row as Record<string, number | string>;
  }

  beforeAll(async () => {
    mediation = await startService('mediation', (config) => AppModule.forRoot(config), MEDIATION_DESCRIPTION);
    fixture.caseId = await script.registerCase();
    await waitFor(
      'mediation to learn the case',
      async () =>
        (
          await mediation.app
            .get(DataSource)
            .query('SELECT 1 FROM known_cases WHERE case_id = $1', [fixture.caseId])
        ).length === 1,
    );
    const opened = await http(
      mediation.baseUrl,
      'POST',
      `/cases/${fixture.caseId}/mediations`,
      {},
      AS_MEDIATOR,
    );
    expect(opened.status).toBe(201);
    fixture.mediationId = opened.body.id;
  });

  afterAll(async () => {
    await script.stop();
    await mediation?.close();
  });

  const rows = authorizationMatrix(ENDPOINTS, CALLERS);

  it('declares every endpoint of the service in the matrix', () => {
    expect(servedRoutes(mediation.app)).toEqual(ENDPOINTS.map((e) => `${e.method} ${e.route}`).sort());
  });

  it.each(rows)('$title', async ({ endpoint, headers, expected, code }) => {
    const changes = endpoint.method !== 'GET';
    const before = changes ? await state() : null;
    const response = await http(mediation.baseUrl, endpoint.method, endpoint.path(fixture), endpoint.body, {
      ...headers(),
      ...(changes ? { 'idempotency-key': uuidv7() } : {}),
    });
    if (expected === 401 || expected === 403) {
      expect({ status: response.status, code: response.body?.code }).toEqual({ status: expected, code });
      if (changes) expect(await state()).toEqual(before);
    } else {
      expect({ status: response.status, body: response.body }).toMatchObject({ status: expected });
    }
  });

  it('keeps health and liveness open to anyone', async () => {
    expect((await http(mediation.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });
});
