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
import { AppModule, SLA_TIMER_DESCRIPTION } from '../src/app.module';
import { Script } from './support';

/**
 * Who may call what: every endpoint × every role, plus a missing, an expired and a forged token,
 * and the reads of the fixture's whistle × an operator's and a supervisor's (own, parent, child,
 * sibling) center. Refused callers get 401/403/404 and change nothing; allowed ones get through.
 */

interface Fixture {
  whistleId: string;
}

/** The fixture's whistle summons this department only (the scorecards' groups). */
const DEPARTMENT = 'scope-traffic-police';

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT';
  route: string;
  path: (f: Fixture) => string;
  body?: unknown;
  roles: readonly PersonRole[];
  allowedStatus: number;
}

const ENDPOINTS: Endpoint[] = [
  {
    method: 'GET',
    route: '/summons/:summonsId/escalation-levels',
    path: () => `/summons/${uuidv7()}/escalation-levels`,
    roles: ['supervisor', 'ops'],
    allowedStatus: 404, // no such summons: past the guard
  },
  {
    method: 'POST',
    route: '/summons/:summonsId/escalate',
    path: () => `/summons/${uuidv7()}/escalate`,
    body: { level: 2 },
    roles: ['supervisor'],
    allowedStatus: 404, // no such summons: past the guard
  },
  {
    method: 'GET',
    route: '/escalation-policies',
    path: () => '/escalation-policies',
    roles: ['supervisor', 'ops'],
    allowedStatus: 200,
  },
  {
    method: 'PUT',
    route: '/escalation-policies',
    path: () => '/escalation-policies',
    body: { disputeType: 'other', policy: { warningSeconds: 60, levels: [], repeat: 0 } },
    roles: ['supervisor', 'ops'],
    allowedStatus: 400, // an empty ladder: past the guard, nothing stored
  },
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
    path: () => '/scorecards/departments',
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

let script: Script;

describeAuthorizationMatrix<Fixture, Endpoint>('sla-timer', {
  endpoints: ENDPOINTS,
  async setUp() {
    const service = await startService(
      'sla-timer',
      (config) => AppModule.forRoot(config),
      SLA_TIMER_DESCRIPTION,
    );
    script = new Script(() => service);
    const caseId = await script.registerCase({
      id: SCOPE_ITEM_CENTER,
      name: 'Shangqin',
      tier: 'town',
      path: [CENTER_OF.parent, SCOPE_ITEM_CENTER],
    });
    await waitFor(
      'sla-timer to learn the case',
      async () =>
        (await service.app.get(DataSource).query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId]))
          .length === 1,
    );
    const { whistleId } = await script.blow(caseId, 1800_000, [DEPARTMENT]);
    await waitFor(
      'sla-timer to know the whistle',
      async () =>
        (await http(service.baseUrl, 'GET', `/whistles/${whistleId}/sla`, undefined, as('ops'))).status ===
        200,
    );
    return { service, fixture: { whistleId } };
  },
  tearDown: () => script.stop(),
  async state(service) {
    const [row] = await service.app.get(DataSource).query(`
      SELECT (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM escalations) AS escalations,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
             (SELECT count(*)::int FROM audit_log) AS audit_log,
             (SELECT md5(coalesce(string_agg(id::text || ':' || state, '|' ORDER BY id), '')) FROM escalations) AS escalations_digest`);
    return row as Record<string, number | string>;
  },
  centerScope: {
    roles: ['operator', 'supervisor'],
    endpoints: {
      'GET /whistles/:id/sla': { kind: 'item', notFoundCode: 'WHISTLE_NOT_FOUND' },
      'GET /scorecards/departments': { kind: 'list', contains: (body) => groups(body).includes(DEPARTMENT) },
      // The whistle was blown from the village window below the town (Script.blow).
      'GET /scorecards/centers': {
        kind: 'list',
        contains: (body) => groups(body).includes('anlizha-village'),
      },
    },
  },
  more(running) {
    it('keeps health and liveness open to anyone', async () => {
      expect((await http(running().service.baseUrl, 'GET', '/health/live')).status).toBe(200);
    });
  },
});

function groups(body: { items: Array<{ id: string }> }): string[] {
  return body.items.map((card) => card.id);
}
