import type { PersonRole } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import {
  as,
  CENTER_OF,
  describeAuthorizationMatrix,
  http,
  startService,
  waitFor,
  type RunningService,
  SCOPE_ITEM_CENTER,
  STANDARD_CALLERS,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, JUDICIAL_CONFIRMATION_DESCRIPTION } from '../src/app.module';
import { FILERS, READERS } from '../src/http/confirmation.controller';
import { Script } from './support';

/**
 * Who may call what: every endpoint × every role, plus a missing, an expired and a forged token,
 * and the agreement and application reads × a clerk's and a supervisor's (own, parent, child,
 * sibling) center; the fixture's cases sit at the town. Refused callers get 401/403/404 and change
 * nothing. The court's callback takes no token at all: it is authenticated by its HMAC signature
 * (court-callbacks in judicial-confirmation.int.spec.ts), and a bearer token, even a court's, is
 * no substitute.
 */

interface Fixture {
  /** An agreement on an unconfirmable matter: filing for it is refused after the guard (409). */
  agreementId: string;
  /** An application the mediator filed (the submitter is off: it stays `submitting`). */
  requestId: string;
}

/** The matrix's clerk works at the town where the fixture's cases are registered. */
const CALLERS = { ...STANDARD_CALLERS, clerk: { ...STANDARD_CALLERS.clerk, centerId: SCOPE_ITEM_CENTER } };

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
    path: (f) => `/confirmation-requests/${f.requestId}`,
    roles: READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/confirmation-requests/:requestId/application.pdf',
    path: (f) => `/confirmation-requests/${f.requestId}/application.pdf`,
    roles: READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/confirmation-requests/:requestId/court-status',
    path: (f) => `/confirmation-requests/${f.requestId}/court-status`,
    roles: READERS,
    allowedStatus: 409, // NOT_YET_FILED: the court is never asked
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
  callers: CALLERS,
  notInMatrix: ['POST /court/callbacks'],
  async setUp() {
    const service = await startService(
      'judicial-confirmation',
      (config) => AppModule.forRoot(config, { settings: { submitter: { enabled: false } } }),
      JUDICIAL_CONFIRMATION_DESCRIPTION,
    );
    script = new Script(() => service);
    const town = [CENTER_OF.parent, SCOPE_ITEM_CENTER];
    const { agreementId } = await script.agreement({
      categories: ['marriage_relationship'],
      caseId: await script.registerCase(town),
    });
    const filed = await script.agreement({ caseId: await script.registerCase(town) });
    for (const known of [agreementId, filed.agreementId])
      await waitFor(
        'the agreement to be known',
        async () =>
          (await http(service.baseUrl, 'GET', `/agreements/${known}/confirmation`, undefined, as('ops')))
            .status === 200,
      );
    const request = await http(
      service.baseUrl,
      'POST',
      `/agreements/${filed.agreementId}/confirmation-requests`,
      { consentingParties: filed.parties },
      { ...as(STANDARD_CALLERS.mediator), 'idempotency-key': uuidv7() },
    );
    expect(request.status).toBe(201);
    return { service, fixture: { agreementId, requestId: request.body.requestId } };
  },
  tearDown: () => script.stop(),
  state,
  centerScope: {
    roles: ['clerk', 'supervisor'],
    endpoints: {
      'POST /agreements/:agreementId/confirmation-requests': {
        kind: 'item',
        notFoundCode: 'AGREEMENT_NOT_FOUND',
      },
      'GET /agreements/:agreementId/confirmation': { kind: 'item', notFoundCode: 'AGREEMENT_NOT_FOUND' },
      'GET /confirmation-requests/:requestId': { kind: 'item', notFoundCode: 'REQUEST_NOT_FOUND' },
      'GET /confirmation-requests/:requestId/application.pdf': {
        kind: 'item',
        notFoundCode: 'REQUEST_NOT_FOUND',
      },
      'GET /confirmation-requests/:requestId/court-status': {
        kind: 'item',
        notFoundCode: 'REQUEST_NOT_FOUND',
      },
    },
  },
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
