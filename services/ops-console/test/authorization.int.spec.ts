import type { PersonRole } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import {
  as,
  CENTER_OF,
  describeAuthorizationMatrix,
  http,
  SCOPE_ITEM_CENTER,
  startService,
  waitFor,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { Script, SlaTimerStub } from './support';

/**
 * Who may call what: every endpoint × every role, plus a missing, an expired and a forged token,
 * and a case's page and the case list × an operator's and a supervisor's (own, parent, child,
 * sibling) center (the board, its stream and the scorecards: center-scope.int.spec.ts). Refused
 * callers get 401/403/404 and change nothing (sla-timer is never called); allowed ones get through.
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
    method: 'GET',
    route: '/api/scorecards/tiers',
    path: () => '/api/scorecards/tiers',
    roles: ['supervisor', 'ops', 'operator'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/api/scorecards/follow-ups',
    path: () => '/api/scorecards/follow-ups',
    roles: ['supervisor', 'ops', 'operator'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/api/reports/monthly.xlsx',
    path: () => '/api/reports/monthly.xlsx?center=no-such-center&month=2026-11',
    roles: ['supervisor', 'ops', 'operator'],
    allowedStatus: 404, // CENTER_NOT_FOUND: past the guard
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

const stub = new SlaTimerStub();
let script: Script;

describeAuthorizationMatrix<Fixture, Endpoint>('ops-console', {
  endpoints: ENDPOINTS,
  notInMatrix: PUBLIC_ROUTES,
  async setUp() {
    stub.answer = () => ({
      status: 404,
      body: { statusCode: 404, code: 'ESCALATION_NOT_FOUND', message: 'no such escalation' },
    });
    const slaTimerUrl = await stub.start();
    const service = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config, { settings: { slaTimerUrl } }),
      OPS_CONSOLE_DESCRIPTION,
    );
    script = new Script(() => service);
    const { caseId } = await script.registerCase(undefined, {
      id: SCOPE_ITEM_CENTER,
      name: '上犹镇',
      tier: 'town',
      path: [CENTER_OF.parent, SCOPE_ITEM_CENTER],
    });
    await waitFor(
      'the console to know the case',
      async () =>
        (await http(service.baseUrl, 'GET', `/api/cases/${caseId}`, undefined, as('ops'))).status === 200,
    );
    return { service, fixture: { caseId } };
  },
  async tearDown() {
    await script.stop();
    await stub.stop();
  },
  async state(service) {
    const [row] = await service.app.get(DataSource).query(
      `SELECT (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
              (SELECT count(*)::int FROM stream_tickets) AS stream_tickets`,
    );
    return { ...row, slaTimerCalls: stub.calls.length };
  },
  centerScope: {
    roles: ['operator', 'supervisor'],
    endpoints: {
      'GET /api/cases/:id': { kind: 'item', notFoundCode: 'CASE_NOT_FOUND' },
      'GET /api/cases': {
        kind: 'list',
        contains: (body, f) => (body.items as Array<{ caseId: string }>).some((c) => c.caseId === f.caseId),
      },
    },
  },
  more(running) {
    it('keeps the AsyncAPI document and health open to anyone', async () => {
      for (const path of ['/asyncapi.json', '/health/live'])
        expect([path, (await http(running().service.baseUrl, 'GET', path)).status]).toEqual([path, 200]);
    });

    it("passes sla-timer's refusal of an unknown escalation back as it came", async () => {
      const response = await http(
        running().service.baseUrl,
        'POST',
        `/api/escalations/${uuidv7()}/acknowledge`,
        {},
        as({ role: 'supervisor', subject: 'supervisor-1' }),
      );
      expect({ status: response.status, code: response.body.code }).toEqual({
        status: 404,
        code: 'ESCALATION_NOT_FOUND',
      });
    });
  },
});
