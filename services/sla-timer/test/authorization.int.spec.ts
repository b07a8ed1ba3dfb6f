import type { PersonRole } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import {
  as,
  authorizationMatrix,
  http,
  servedRoutes,
  startService,
  waitFor,
  type RunningService,
  STANDARD_CALLERS,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

/**
 * Who may call what: every endpoint × every role, plus a missing, an expired and a forged token.
 * Refused callers get 401/403 and change nothing; allowed ones get through.
 */

interface Fixture {
  whistleId: string;
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
    route: '/escalations/:id/acknowledge',
    path: () => `/escalations/${uuidv7()}/acknowledge`,
    body: { note: 'authorization matrix' },
    roles: ['supervisor'],
    allowedStatus: 404, // no such escalation: past the guard
  },
  {
    method: 'GET',
    route: '/breaches',
    path: () => '/breaches?open=true',
    roles: ['supervisor', 'ops', 'operator'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/whistles/:id/sla',
    path: (f) => `/whistles/${f.whistleId}/sla`,
    roles: ['supervisor', 'ops', 'operator', 'mediator'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/scorecards/departments',
    path: () => '/scorecards/departments?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z',
    roles: ['supervisor', 'ops', 'operator'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/scorecards/centers',
    path: () => '/scorecards/centers',
    roles: ['supervisor', 'ops', 'operator'],
    allowedStatus: 200,
  },
];

const CALLERS = STANDARD_CALLERS;

describe('sla-timer authorization matrix', () => {
  let sla: RunningService;
  const script = new Script(() => sla);
  const fixture = {} as Fixture;

  async function state() {
    const [row] = await sla.app.get(DataSource).query(`
      SELECT (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM escalations) AS escalations,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
             (SELECT count(*)::int FROM audit_log) AS audit_log,
             (SELECT md5(coalesce(string_agg(id::text || ':' || state, '|' ORDER BY id), '')) FROM escalations) AS escalations_digest`);
    return row as Record<string, number | string>;
  }

  beforeAll(async () => {
    sla = await startService('sla-timer', (config) => AppModule.forRoot(config), SLA_TIMER_DESCRIPTION);
    const caseId = await script.registerCase();
    const { whistleId } = await script.blow(caseId, 1800_000);
    fixture.whistleId = whistleId;
    await waitFor(
      'sla-timer to know the whistle',
      async () =>
        (await http(sla.baseUrl, 'GET', `/whistles/${whistleId}/sla`, undefined, as(CALLERS.ops))).status ===
        200,
    );
  });

  afterAll(async () => {
    await script.stop();
    await sla?.close();
  });

  const rows = authorizationMatrix(ENDPOINTS, CALLERS);

  it('declares every endpoint of the service in the matrix', () => {
    expect(servedRoutes(sla.app)).toEqual(ENDPOINTS.map((e) => `${e.method} ${e.route}`).sort());
  });

  it.each(rows)('$title', async ({ endpoint, headers, expected, code }) => {
    const changes = endpoint.method !== 'GET';
    const before = changes ? await state() : null;
    const response = await http(sla.baseUrl, endpoint.method, endpoint.path(fixture), endpoint.body, {
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
    expect((await http(sla.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });
});
