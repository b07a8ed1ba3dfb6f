import { PERSON_ROLES, type PersonRole } from '@chuishao/auth';
import {
  RawProducer,
  as,
  authorizationMatrix,
  servedRoutes,
  waitFor,
  type RunningService,
  type TestCaller,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { newCase, publishToWhistles, whistleBlown } from './support/fixtures';
import { startNotifyingDepartment } from './support/notifications';

/**
 * Who may call the notification endpoints (issue 5): every endpoint × every role, plus a missing,
 * an expired and a forged token. Refused callers get 401/403 and change nothing in the directory;
 * allowed ones get through. The summons endpoints of issue 2 have their own matrix
 * (authorization.int.spec.ts).
 */

const OWN = 'ganzhou-traffic-police';

interface Fixture {
  summonsId: string;
}

interface Endpoint {
  method: 'GET' | 'PUT' | 'POST';
  route: string;
  path: (f: Fixture) => string;
  body?: unknown;
  roles: readonly PersonRole[];
  allowedStatus: number;
}

const ENDPOINTS: Endpoint[] = [
  {
    method: 'GET',
    route: '/departments/:id/contacts',
    path: () => `/departments/${OWN}/contacts`,
    roles: ['ops', 'supervisor'],
    allowedStatus: 200,
  },
  {
    method: 'PUT',
    route: '/departments/:id/contacts',
    path: () => `/departments/${OWN}/contacts`,
    body: {
      head: { id: 'head', name: '负责人', phone: '13900000100' },
      liaisons: [{ id: 'liaison-1', name: '联络员', phone: '13900000101', onDuty: true }],
    },
    roles: ['ops', 'supervisor'],
    allowedStatus: 200,
  },
  {
    method: 'PUT',
    route: '/centers/:id/supervisors',
    path: () => '/centers/shangqin-town/supervisors',
    body: { supervisors: [{ id: 'supervisor-1', name: '督查员', phone: '13900000510' }] },
    roles: ['ops', 'supervisor'],
    allowedStatus: 200,
  },
  {
    method: 'PUT',
    route: '/departments/:id/webhook',
    path: () => `/departments/${OWN}/webhook`,
    body: { url: 'http://127.0.0.1:9/never-called', secret: 'a-secret-for-the-matrix-test' },
    roles: ['ops', 'supervisor'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/departments/:id/stream',
    path: () => `/departments/${OWN}/stream`,
    roles: ['liaison', 'supervisor', 'ops'],
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/stream-tickets',
    path: () => '/stream-tickets',
    roles: PERSON_ROLES,
    allowedStatus: 201,
  },
  {
    method: 'GET',
    route: '/summons/:id/notifications',
    path: (f) => `/summons/${f.summonsId}/notifications`,
    roles: ['liaison', 'operator', 'supervisor', 'ops'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/notifications/dead-letters',
    path: () => '/notifications/dead-letters',
    roles: ['ops', 'supervisor'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/sms-simulator/messages',
    path: () => '/sms-simulator/messages?to=13900000101',
    roles: ['ops'],
    allowedStatus: 200,
  },
];

/** The summons endpoints of issue 2, whose matrix is authorization.int.spec.ts. */
const COVERED_ELSEWHERE = [
  'GET /departments',
  'GET /departments/:id',
  'GET /departments/:id/summons',
  'GET /summons/:id',
  'POST /summons/:id/acknowledge',
  'POST /summons/:id/arrive',
  'POST /summons/:id/decline',
];

const CALLERS: Record<PersonRole, TestCaller> = {
  clerk: { role: 'clerk', subject: 'clerk-1', centerId: 'anlizha-village' },
  operator: { role: 'operator', subject: 'op-1', centerId: 'ganzhou-district' },
  liaison: { role: 'liaison', subject: 'liaison-1', departmentId: OWN },
  mediator: { role: 'mediator', subject: 'mediator-1' },
  supervisor: { role: 'supervisor', subject: 'supervisor-1' },
  ops: { role: 'ops', subject: 'ops-1' },
  court: { role: 'court', subject: 'court-1' },
};

/** Status and body; a stream that opened is closed at once (its body never ends). */
async function call(baseUrl: string, endpoint: Endpoint, path: string, headers: Record<string, string>) {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}${path}`, {
    method: endpoint.method,
    headers: { 'content-type': 'application/json', ...headers },
    body: endpoint.body === undefined ? undefined : JSON.stringify(endpoint.body),
    signal: abort.signal,
  });
  if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
    abort.abort();
    return { status: response.status, body: null };
  }
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

describe('department notifications authorization matrix', () => {
  let department: RunningService;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const fixture = {} as Fixture;

  async function state() {
    const [row] = await department.app.get(DataSource).query(`
      SELECT (SELECT count(*)::int FROM audit_log) AS audit_log,
             (SELECT count(*)::int FROM stream_tickets) AS stream_tickets,
             (SELECT count(*)::int FROM department_webhooks) AS webhooks,
             (SELECT md5(coalesce(string_agg(owner_id || contact_id || phone || on_duty, '|' ORDER BY owner_id, contact_id), ''))
                FROM directory_contacts) AS contacts_digest`);
    return row as Record<string, number | string>;
  }

  beforeAll(async () => {
    department = await startNotifyingDepartment();
    const whistle = whistleBlown(
      [{ departmentId: OWN, departmentName: OWN, departmentKind: 'traffic_police' }],
      newCase('AUTH-'),
    );
    await publishToWhistles(raw, department, whistle.event);
    fixture.summonsId = whistle.summonsIds[OWN];
    const db = department.app.get(DataSource);
    await waitFor('the summons stored', async () => {
      const [row] = await db.query('SELECT count(*)::int AS n FROM summons WHERE id = $1', [
        fixture.summonsId,
      ]);
      return row.n === 1;
    });
  });

  afterAll(async () => {
    await raw.stop();
    await department?.close();
  });

  const rows = authorizationMatrix(ENDPOINTS, CALLERS);

  it('declares every endpoint of the service in one matrix or the other', () => {
    expect(servedRoutes(department.app)).toEqual(
      [...COVERED_ELSEWHERE, ...ENDPOINTS.map((e) => `${e.method} ${e.route}`)].sort(),
    );
  });

  it.each(rows)('$title', async ({ endpoint, headers, expected, code }) => {
    const changes = endpoint.method !== 'GET';
    const before = changes ? await state() : null;
    const response = await call(department.baseUrl, endpoint, endpoint.path(fixture), headers());
    if (expected === 401 || expected === 403) {
      expect({ status: response.status, code: response.body?.code }).toEqual({ status: expected, code });
      if (changes) expect(await state()).toEqual(before);
    } else {
      expect({ status: response.status, body: response.body }).toMatchObject({ status: expected });
    }
  });

  it('keeps a liaison to its own department: another department’s stream and notifications are 403', async () => {
    const other = { role: 'liaison' as const, subject: 'liaison-x', departmentId: 'daman-police-station' };
    // A stream ticket names no department: the stream it opens is where the liaison is refused.
    const departmentBound = ENDPOINTS.filter(
      (e) => e.roles.includes('liaison') && e.route !== '/stream-tickets',
    );
    for (const endpoint of departmentBound) {
      const response = await call(department.baseUrl, endpoint, endpoint.path(fixture), as(other));
      expect({ route: endpoint.route, status: response.status, code: response.body?.code }).toEqual({
        route: endpoint.route,
        status: 403,
        code: 'DEPARTMENT_FORBIDDEN',
      });
    }
  });
});
