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

const CALLERS = STANDARD_CALLERS;

describe('judicial-confirmation authorization matrix', () => {
  let service: RunningService;
  const script = new Script(() => service);
  const fixture = {} as Fixture;

  async function state() {
    const [row] = await service.app.get(DataSource).query(`
      SELECT (SELECT count(*)::int FROM outbox) AS outbox,
             (SELECT count(*)::int FROM confirmation_requests) AS requests,
             (SELECT count(*)::int FROM court_callbacks) AS callbacks,
             (SELECT count(*)::int FROM idempotency_keys) AS idempotency_keys,
             (SELECT count(*)::int FROM audit_log) AS audit_log,
             (SELECT count(*)::int FROM holiday_schedules) AS holiday_schedules`);
    return row as Record<string, number>;
  }

  beforeAll(async () => {
    service = await startService(
      'judicial-confirmation',
      (config) => AppModule.forRoot(config, { settings: { submitter: { enabled: false } } }),
      JUDICIAL_CONFIRMATION_DESCRIPTION,
    );
    fixture.agreementId = (await script.agreement({ categories: ['marriage_relationship'] })).agreementId;
    await waitFor(
      'the agreement to be known',
      async () =>
        (
          await http(
            service.baseUrl,
            'GET',
            `/agreements/${fixture.agreementId}/confirmation`,
            undefined,
            as(CALLERS.ops),
          )
        ).status === 200,
    );
  });

  afterAll(async () => {
    await script.stop();
    await service?.close();
  });

  const rows = authorizationMatrix(ENDPOINTS, CALLERS);

  it('declares every endpoint of the service in the matrix (the court callback apart)', () => {
    expect(servedRoutes(service.app)).toEqual(
      [...ENDPOINTS.map((e) => `${e.method} ${e.route}`), 'POST /court/callbacks'].sort(),
    );
  });

  it.each(rows)('$title', async ({ endpoint, headers, expected, code }) => {
    const changes = endpoint.method !== 'GET';
    const before = changes ? await state() : null;
    const response = await http(service.baseUrl, endpoint.method, endpoint.path(fixture), endpoint.body, {
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

  it('a bearer token, even a court’s, does not stand in for the callback signature', async () => {
    const before = await state();
    const response = await http(
      service.baseUrl,
      'POST',
      '/court/callbacks',
      { callbackId: uuidv7(), type: 'accepted' },
      as(CALLERS.court),
    );
    expect(response).toMatchObject({ status: 401, body: { code: 'COURT_SIGNATURE_MISSING' } });
    expect(await state()).toEqual(before);
  });

  it('keeps health and liveness open to anyone', async () => {
    expect((await http(service.baseUrl, 'GET', '/health/live')).status).toBe(200);
  });
});
