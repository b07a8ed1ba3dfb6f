import type { PersonRole } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import {
  as,
  describeAuthorizationMatrix,
  http,
  startService,
  waitFor,
  type RunningService,
  STANDARD_CALLERS,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, JUDICIAL_CONFIRMATION_DESCRIPTION } from '../src/app.module';
import { FILERS, READERS } from '../src/http/confirmation.controller';
import { Script } from './support';

/**
 * Who may call what: every endpoint × every role, plus a missing, an expired and a forged token.
 * Refused callers get 401/403 and change nothing. The court's callback takes no token at all: it
 * is authenticated by its HMAC signature (court-callbacks in judicial-confirmation.int.spec.ts),
 * and a bearer token, even a court's, is no substitute.
 */

interface Fixture {
  agreementId: string;
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
    route: '/agreements/:agreementId/confirmation-requests',
    path: (f) => `/agreements/${f.agreementId}/confirmation-requests`,
    body: { consentingParties: ['王某', '李某'] },
    roles: FILERS,
    allowedStatus: 409, // a marriage relationship: past the guard, refused, nothing written
  },
  {
    method: 'GET',
    route: '/agreements/:agreementId/confirmation',
    path: (f) => `/agreements/${f.agreementId}/confirmation`,
    roles: READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/confirmation-requests/:requestId',
    path: () => `/confirmation-requests/${uuidv7()}`,
    roles: READERS,
    allowedStatus: 404,
  },
  {
    method: 'GET',
    route: '/confirmation-requests/:requestId/court-status',
    path: () => `/confirmation-requests/${uuidv7()}/court-status`,
    roles: READERS,
    allowedStatus: 404,
  },
  {
    method: 'POST',
    route: '/holiday-schedules',
    path: () => '/holiday-schedules',
    // Well-formed but unsound (a make-up day on a Wednesday): past the guard, refused, nothing stored.
    body: {
      year: 2027,
      source: 'test',
      holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
      makeUpWorkdays: ['2027-01-06'],
    },
    roles: ['ops'],
    allowedStatus: 400,
  },
  {
    method: 'GET',
    route: '/holiday-schedules',
    path: () => '/holiday-schedules',
    roles: READERS,
    allowedStatus: 200,
  },
];

let script: Script;

async function state(service: RunningService) {
  const [row] = await service.app.get(DataSource).query(`
    SELECT (SELECT count(*)::int FROM outbox) AS outbox,
           (SELECT count(*)::int FROM confirmation_requests) AS requests,
           (SELECT count(*)::int FROM court_callbacks) AS callbacks,
           (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
           (SELECT count(*)::int FROM audit_log) AS audit_log,
           (SELECT count(*)::int FROM holiday_schedules) AS holiday_schedules`);
  return row as Record<string, number>;
}

describeAuthorizationMatrix<Fixture, Endpoint>('judicial-confirmation', {
  endpoints: ENDPOINTS,
  notInMatrix: ['POST /court/callbacks'],
  async setUp() {
    const service = await startService(
      'judicial-confirmation',
      (config) => AppModule.forRoot(config, { settings: { submitter: { enabled: false } } }),
      JUDICIAL_CONFIRMATION_DESCRIPTION,
    );
    script = new Script(() => service);
    const { agreementId } = await script.agreement({ categories: ['marriage_relationship'] });
    await waitFor(
      'the agreement to be known',
      async () =>
        (await http(service.baseUrl, 'GET', `/agreements/${agreementId}/confirmation`, undefined, as('ops')))
          .status === 200,
    );
    return { service, fixture: { agreementId } };
  },
  tearDown: () => script.stop(),
  state,
  more(running) {
    it('a bearer token, even a court’s, does not stand in for the callback signature', async () => {
      const { service } = running();
      const before = await state(service);
      const response = await http(
        service.baseUrl,
        'POST',
        '/court/callbacks',
        { callbackId: uuidv7(), type: 'accepted' },
        as(STANDARD_CALLERS.court),
      );
      expect(response).toMatchObject({ status: 401, body: { code: 'COURT_SIGNATURE_MISSING' } });
      expect(await state(service)).toEqual(before);
    });

    it('keeps health and liveness open to anyone', async () => {
      expect((await http(running().service.baseUrl, 'GET', '/health/live')).status).toBe(200);
    });
  },
});
