import type { PersonRole } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import {
  CENTER_OF,
  describeAuthorizationMatrix,
  http,
  SCOPE_ITEM_CENTER,
  startService,
  STANDARD_CALLERS,
  waitFor,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import { AS_MEDIATOR, MEDIATOR, PARTIES, Script, agreementBody, sessionBody } from './support';

/**
 * Who may call what: every endpoint × every role, plus a missing, an expired and a forged token,
 * and the reads × an operator's and a supervisor's (own, parent, child, sibling) center. Refused
 * callers get 401/403/404 and change nothing; allowed ones get through (to a 404 or 409 where a
 * success would change the fixture). The matrix's mediator is the mediation's mediator in charge.
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
    route: '/holiday-schedules',
    path: () => '/holiday-schedules',
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
    method: 'GET',
    route: '/mediations/:id/agreement.pdf',
    path: (f) => `/mediations/${f.mediationId}/agreement.pdf`,
    roles: READERS,
    allowedStatus: 404, // the fixture's mediation has no agreement (AGREEMENT_NOT_FOUND): past the guard
  },
  {
    method: 'GET',
    route: '/mediations/:id/evidence',
    path: (f) => `/mediations/${f.mediationId}/evidence`,
    roles: READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/mediations/:id/evidence/:evidenceId/content',
    path: (f) => `/mediations/${f.mediationId}/evidence/${uuidv7()}/content`,
    roles: READERS,
    allowedStatus: 404, // no such evidence (EVIDENCE_NOT_FOUND): past the guard
  },
  {
    method: 'POST',
    route: '/mediations/:id/evidence',
    path: () => `/mediations/${uuidv7()}/evidence`,
    body: {},
    roles: ['mediator', 'supervisor'],
    allowedStatus: 404, // no such mediation, looked up before the file: past the guard
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
  {
    method: 'POST',
    route: '/mediations/:id/performance',
    path: (f) => `/mediations/${f.mediationId}/performance`,
    body: { outcome: 'performed' },
    roles: ['mediator', 'supervisor'],
    allowedStatus: 409, // the fixture's mediation is open, not agreed: past the guard
  },
];

let script: Script;

describeAuthorizationMatrix<Fixture, Endpoint>('mediation', {
  endpoints: ENDPOINTS,
  callers: { ...STANDARD_CALLERS, mediator: MEDIATOR },
  async setUp() {
    const service = await startService(
      'mediation',
      (config) => AppModule.forRoot(config),
      MEDIATION_DESCRIPTION,
    );
    script = new Script(() => service);
    const caseId = await script.registerCase(PARTIES, {
      id: SCOPE_ITEM_CENTER,
      name: 'Shangqin',
      tier: 'town',
      path: [CENTER_OF.parent, SCOPE_ITEM_CENTER],
    });
    await waitFor(
      'mediation to learn the case',
      async () =>
        (await service.app.get(DataSource).query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId]))
          .length === 1,
    );
    const opened = await http(service.baseUrl, 'POST', `/cases/${caseId}/mediations`, {}, AS_MEDIATOR);
    expect(opened.status).toBe(201);
    return { service, fixture: { caseId, mediationId: opened.body.id } };
  },
  tearDown: () => script.stop(),
  async state(service) {
    const [row] = await service.app.get(DataSource).query(`
      SELECT (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM mediations) AS mediations,
             (SELECT count(*)::int FROM mediation_sessions) AS sessions,
             (SELECT count(*)::int FROM agreement_performance_records) AS performance,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
             (SELECT count(*)::int FROM audit_log) AS audit_log,
             (SELECT md5(coalesce(string_agg(id::text || ':' || state, '|' ORDER BY id), '')) FROM mediations) AS digest`);
    return row as Record<string, number | string>;
  },
  centerScope: {
    roles: ['operator', 'supervisor'],
    endpoints: {
      'GET /mediations/:id': { kind: 'item', notFoundCode: 'MEDIATION_NOT_FOUND' },
      'GET /mediations/:id/evidence': { kind: 'item', notFoundCode: 'MEDIATION_NOT_FOUND' },
      'GET /mediations': { kind: 'list', contains: (body, f) => listed(body, f.mediationId) },
      'GET /cases/:caseId/mediations': { kind: 'list', contains: (body, f) => listed(body, f.mediationId) },
    },
  },
  more(running) {
    it('keeps health and liveness open to anyone', async () => {
      expect((await http(running().service.baseUrl, 'GET', '/health/live')).status).toBe(200);
    });
  },
});

function listed(body: { items: Array<{ id: string }> }, mediationId: string): boolean {
  return body.items.some((m) => m.id === mediationId);
}
