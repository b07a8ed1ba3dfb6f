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
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { Script, SlaTimerStub } from './support';

/**
 * Who may call what: every endpoint × every role, plus a missing, an expired and a forged token.
 * Refused callers get 401/403 and change nothing (sla-timer is never called); allowed ones get through.
 */

interface Fixture {
  caseId: string;
}

interface Endpoint {
  method: 'GET' | 'POST';
  route: string;
  path: (f: Fixture) => string;
  body?: unknown;
  roles: readonly PersonRole[];
  allowedStatus: number;
  stream?: boolean;
}

const ALL: PersonRole[] = ['clerk', 'operator', 'liaison', 'mediator', 'supervisor', 'ops', 'court'];

const ENDPOINTS: Endpoint[] = [
  {
    method: 'GET',
    route: '/api/board',
    path: () => '/api/board',
    roles: ['supervisor', 'ops', 'operator'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/api/board/stream',
    path: () => '/api/board/stream',
    roles: ['supervisor', 'ops', 'operator'],
    allowedStatus: 200,
    stream: true,
  },
  {
    method: 'GET',
    route: '/api/cases',
    path: () => '/api/cases',
    roles: ['supervisor', 'ops', 'operator', 'mediator'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/api/cases/:id',
    path: (f) => `/api/cases/${f.caseId}`,
    roles: ['supervisor', 'ops', 'operator', 'mediator'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/api/scorecards',
    path: () => '/api/scorecards?groupBy=center',
    roles: ['supervisor', 'ops', 'operator'],
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/api/escalations/:id/acknowledge',
    path: () => `/api/escalations/${uuidv7()}/acknowledge`,
    body: { note: 'authorization matrix' },
    roles: ['supervisor'],
    allowedStatus: 404, // sla-timer knows no such escalation: past the console's guard
  },
  { method: 'GET', route: '/api/session/me', path: () => '/api/session/me', roles: ALL, allowedStatus: 200 },
  {
    method: 'POST',
    route: '/api/stream-tickets',
    path: () => '/api/stream-tickets',
    roles: ALL,
    allowedStatus: 201,
  },
];

/** Open to anyone: the page and script (no data in them), the event catalogue, dev sign-in. */
const PUBLIC_ROUTES = ['GET /asyncapi.json', 'POST /api/session/dev-token', 'GET /api/session/config'];

const CALLERS = STANDARD_CALLERS;

describe('ops-console authorization matrix', () => {
  let consoleService: RunningService;
  const stub = new SlaTimerStub();
  const script = new Script(() => consoleService);
  const fixture = {} as Fixture;

  beforeAll(async () => {
    stub.answer = () => ({
      status: 404,
      body: { statusCode: 404, code: 'ESCALATION_NOT_FOUND', message: 'no such escalation' },
    });
    const slaTimerUrl = await stub.start();
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config, { settings: { slaTimerUrl } }),
      OPS_CONSOLE_DESCRIPTION,
    );
    const { caseId } = await script.registerCase();
    fixture.caseId = caseId;
    await waitFor(
      'the console to know the case',
      async () =>
        (await http(consoleService.baseUrl, 'GET', `/api/cases/${caseId}`, undefined, as(CALLERS.ops)))
          .status === 200,
    );
  });

  afterAll(async () => {
    await script.stop();
    await consoleService?.close();
    await stub.stop();
  });

  async function state() {
    const [row] = await consoleService.app.get(DataSource).query(
      `SELECT (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
                (SELECT count(*)::int FROM stream_tickets) AS stream_tickets`,
    );
    return { ...row, slaTimerCalls: stub.calls.length };
  }

  /** The SSE stream never ends: read its status, then hang up. */
  async function call(endpoint: Endpoint, headers: Record<string, string>) {
    if (!endpoint.stream)
      return http(consoleService.baseUrl, endpoint.method, endpoint.path(fixture), endpoint.body, headers);
    const abort = new AbortController();
    const response = await fetch(`${consoleService.baseUrl}${endpoint.path(fixture)}`, {
      headers,
      signal: abort.signal,
    });
    const body = response.status === 200 ? null : await response.json();
    abort.abort();
    return { status: response.status, body, headers: response.headers };
  }

  const rows = authorizationMatrix(ENDPOINTS, CALLERS);

  it('declares every endpoint of the service in the matrix or as public', () => {
    expect(servedRoutes(consoleService.app)).toEqual(
      [...ENDPOINTS.map((e) => `${e.method} ${e.route}`), ...PUBLIC_ROUTES].sort(),
    );
  });

  it.each(rows)('$title', async ({ endpoint, headers, expected, code }) => {
    const changes = endpoint.method !== 'GET';
    const before = changes ? await state() : null;
    const response = await call(endpoint, {
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

  it('keeps the AsyncAPI document and health open to anyone', async () => {
    for (const path of ['/asyncapi.json', '/health/live'])
      expect([path, (await http(consoleService.baseUrl, 'GET', path)).status]).toEqual([path, 200]);
  });

  it("passes sla-timer's refusal of an unknown escalation back as it came", async () => {
    const response = await http(
      consoleService.baseUrl,
      'POST',
      `/api/escalations/${uuidv7()}/acknowledge`,
      {},
      as(CALLERS.supervisor),
    );
    expect({ status: response.status, code: response.body.code }).toEqual({
      status: 404,
      code: 'ESCALATION_NOT_FOUND',
    });
  });
});
