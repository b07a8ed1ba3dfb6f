import { PERSON_ROLES, type PersonRole } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import {
  CENTER_OF,
  RawProducer,
  SCOPE_ITEM_CENTER,
  STANDARD_CALLERS,
  as,
  describeAuthorizationMatrix,
  http,
  type RunningService,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import {
  newCase,
  publishToWhistles,
  registerCase,
  tablesOf,
  waitForSummonsStored,
  whistleBlown,
  type WhistledCase,
} from './support/fixtures';
import { startNotifyingDepartment } from './support/notifications';

/**
 * Who may call what (README "HTTP", "Who sees what"): every endpoint × every role, a missing, an
 * expired and a forged token; the summons reads × an operator's and a supervisor's (own, parent,
 * child, sibling) center; the summons reads and actions × a liaison of the summoned department and
 * of another. Out of scope is 404 for one summons (as for an unknown id) and left out of an inbox.
 * After every refusal the summons rows and the row count of every table of the schema are as before.
 * (The live stream's scope, which a status cannot show: stream-scope.int.spec.ts.)
 */

/** The matrix's liaison (STANDARD_CALLERS) acts for the town government, which the summons name. */
const OWN = STANDARD_CALLERS.liaison.departmentId!;
const OTHER = 'shangqin-judicial-office';
const otherLiaison = { role: 'liaison' as const, subject: 'liaison-other', departmentId: OTHER };

/** One `notified` summons of OWN per slot: each state-changing endpoint and each of its dimensions. */
const SLOTS = [
  'read',
  'acknowledge',
  'arrive',
  'decline',
  'ownAcknowledge',
  'ownArrive',
  'ownDecline',
] as const;
type Slot = (typeof SLOTS)[number];
type Fixture = Record<Slot, string>;

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT';
  route: string;
  path: (f: Fixture) => string;
  body?: unknown;
  roles: readonly PersonRole[];
  allowedStatus: number;
  stream?: boolean;
}

const READERS: readonly PersonRole[] = ['liaison', 'operator', 'supervisor', 'ops'];
/** Who keeps a duty roster: the department's own liaison, supervisors, ops (roster.int.spec.ts: the scope). */
const ROSTER_KEEPERS: readonly PersonRole[] = ['liaison', 'supervisor', 'ops'];
const ROTATION = { contactIds: ['liaison-1'], shift: 'daily', handover: '08:30', startDate: '2026-12-01' };
/** An override of OWN's roster, made in setUp: cancelling it again is a 200 that changes nothing. */
let overrideId = '';
const EDITORS: readonly PersonRole[] = ['ops', 'supervisor'];
const ARRIVAL = { note: 'two officers at the village gate' };
const DECLINE = { reason: 'Provincial highway: not our office' };

const ENDPOINTS: Endpoint[] = [
  {
    method: 'GET',
    route: '/departments',
    path: () => '/departments?centerIds=ganzhou-district',
    roles: PERSON_ROLES,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/departments/:id',
    path: () => `/departments/${OWN}`,
    roles: PERSON_ROLES,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/departments/:id/summons',
    path: () => `/departments/${OWN}/summons?limit=200`,
    roles: READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/summons/:id',
    path: (f) => `/summons/${f.read}`,
    roles: READERS,
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/summons/:id/acknowledge',
    path: (f) => `/summons/${f.acknowledge}/acknowledge`,
    roles: ['liaison'],
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/summons/:id/arrive',
    path: (f) => `/summons/${f.arrive}/arrive`,
    body: ARRIVAL,
    roles: ['liaison'],
    allowedStatus: 200,
  },
  {
    // A notified summons cannot set off yet (409 SUMMONS_NOT_ACKNOWLEDGED): past the guard, nothing changed.
    method: 'POST',
    route: '/summons/:id/en-route',
    path: (f) => `/summons/${f.read}/en-route`,
    body: { etaMinutes: 20 },
    roles: ['liaison'],
    allowedStatus: 409,
  },
  {
    // Nor leave a scene it never reached (409 SUMMONS_NOT_ON_SITE).
    method: 'POST',
    route: '/summons/:id/departure',
    path: (f) => `/summons/${f.read}/departure`,
    roles: ['liaison'],
    allowedStatus: 409,
  },
  {
    method: 'POST',
    route: '/summons/:id/decline',
    path: (f) => `/summons/${f.decline}/decline`,
    body: DECLINE,
    roles: ['liaison'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/summons/:id/notifications',
    path: (f) => `/summons/${f.read}/notifications`,
    roles: READERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/departments/:id/stream',
    path: () => `/departments/${OWN}/stream`,
    roles: ['liaison', 'supervisor', 'ops'],
    allowedStatus: 200,
    stream: true,
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
    route: '/departments/:id/contacts',
    path: () => `/departments/${OWN}/contacts`,
    roles: EDITORS,
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
    roles: EDITORS,
    allowedStatus: 200,
  },
  {
    method: 'PUT',
    route: '/centers/:id/supervisors',
    path: () => '/centers/shangqin-town/supervisors',
    body: { supervisors: [{ id: 'supervisor-1', name: '督查员', phone: '13900000510' }] },
    roles: EDITORS,
    allowedStatus: 200,
  },
  {
    method: 'PUT',
    route: '/departments/:id/webhook',
    path: () => `/departments/${OWN}/webhook`,
    body: { url: 'http://127.0.0.1:9/never-called', secret: 'a-secret-for-the-matrix-test' },
    roles: EDITORS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/departments/:id/roster',
    path: () => `/departments/${OWN}/roster`,
    roles: ROSTER_KEEPERS,
    allowedStatus: 200,
  },
  {
    method: 'PUT',
    route: '/departments/:id/roster',
    path: () => `/departments/${OWN}/roster`,
    body: ROTATION,
    roles: ROSTER_KEEPERS,
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/departments/:id/roster/overrides',
    path: () => `/departments/${OWN}/roster/overrides`,
    body: { contactId: 'liaison-1', from: '2026-12-03T20:00:00+08:00', to: '2026-12-04T08:30:00+08:00' },
    roles: ROSTER_KEEPERS,
    allowedStatus: 201,
  },
  {
    method: 'POST',
    route: '/departments/:id/roster/overrides/:overrideId/cancel',
    path: () => `/departments/${OWN}/roster/overrides/${overrideId}/cancel`,
    roles: ROSTER_KEEPERS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/departments/:id/on-duty',
    path: () => `/departments/${OWN}/on-duty`,
    roles: ROSTER_KEEPERS,
    allowedStatus: 200,
  },
  {
    method: 'POST',
    route: '/departments/:id/roster/contacts/:contactId/feed-token',
    // The matrix's liaison is liaison-1 of OWN: their own feed.
    path: () => `/departments/${OWN}/roster/contacts/liaison-1/feed-token`,
    roles: ROSTER_KEEPERS,
    allowedStatus: 201,
  },
  {
    method: 'GET',
    route: '/notifications/dead-letters',
    path: () => '/notifications/dead-letters',
    roles: EDITORS,
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/sms-simulator/messages',
    path: () => '/sms-simulator/messages?to=13900000101',
    roles: ['ops'],
    allowedStatus: 200,
  },
  {
    method: 'GET',
    route: '/sms/replies',
    path: () => '/sms/replies',
    roles: ['ops'],
    allowedStatus: 200,
  },
];

const listed = (body: { items?: Array<{ id: string }> }, id: string) =>
  !!body.items?.some((s) => s.id === id);
const SUMMONS_ITEM = { kind: 'item', notFoundCode: 'SUMMONS_NOT_FOUND' } as const;

/**
 * Whistles on `onCase`, each summoning OWN and OTHER, stored and their notifications settled
 * (delivered or, to the webhook nobody answers, dead-lettered); answers OWN's summons ids.
 */
async function blowOn(raw: RawProducer, department: RunningService, onCase: WhistledCase, count = 1) {
  const summonsIds: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const whistle = whistleBlown(
      [OWN, OTHER].map((id) => ({ departmentId: id, departmentName: id, departmentKind: 'town_government' })),
      onCase,
    );
    await publishToWhistles(raw, department, whistle.event);
    summonsIds.push(whistle.summonsIds[OWN]);
  }
  await waitForSummonsStored(department.app.get(DataSource), summonsIds, 'the summons stored', {
    notifiedOnly: false,
  });
  return summonsIds;
}

let raw: RawProducer;
let tables: string[] = [];
/** The case of the fixture's summons, at the town the center dimension is about. */
const townCase = newCase('SQ-');

describeAuthorizationMatrix<Fixture, Endpoint>('department', {
  endpoints: ENDPOINTS,
  // Opened with the liaison's feed token, not a bearer token (roster.int.spec.ts).
  notInMatrix: [
    'GET /departments/:id/roster/contacts/:contactId/shifts.ics',
    // Signed by the SMS gateway, not a bearer token (sms-replies.int.spec.ts).
    'POST /sms/inbound',
  ],
  async setUp() {
    raw = new RawProducer(process.env.KAFKA_BROKERS!);
    const service = await startNotifyingDepartment();
    await registerCase(raw, service, townCase, [CENTER_OF.parent, SCOPE_ITEM_CENTER]);
    // A webhook nobody answers: each summons' webhook notification is dead-lettered (a list to scope).
    const webhook = ENDPOINTS.find((e) => e.route === '/departments/:id/webhook')!;
    const set = await http(service.baseUrl, 'PUT', webhook.path({} as Fixture), webhook.body, as('ops'));
    expect(set.status).toBe(200);
    const roster = await http(service.baseUrl, 'PUT', `/departments/${OWN}/roster`, ROTATION, as('ops'));
    expect(roster.status).toBe(200);
    const override = await http(
      service.baseUrl,
      'POST',
      `/departments/${OWN}/roster/overrides`,
      { contactId: 'liaison-1', from: '2026-12-01T20:00:00+08:00', to: '2026-12-02T08:30:00+08:00' },
      as('ops'),
    );
    overrideId = override.body.id;
    const summonsIds = await blowOn(raw, service, townCase, SLOTS.length);
    const fixture = Object.fromEntries(SLOTS.map((slot, i) => [slot, summonsIds[i]])) as Fixture;
    tables = await tablesOf(service.app.get(DataSource));
    return { service, fixture };
  },
  tearDown: () => raw.stop(),
  async state(service) {
    const db = service.app.get(DataSource);
    const counts = await db.query(
      tables.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL '),
    );
    const [digests] = await db.query(`
      SELECT (SELECT md5(string_agg(id || status || coalesce(arrival_note, '') || coalesce(decline_reason, ''), '|' ORDER BY id)) FROM summons) AS summons,
             (SELECT md5(coalesce(string_agg(owner_id || contact_id || phone || on_duty, '|' ORDER BY owner_id, contact_id), '')) FROM directory_contacts) AS contacts`);
    return { counts, digests };
  },
  centerScope: {
    roles: ['operator', 'supervisor'],
    endpoints: {
      'GET /summons/:id': SUMMONS_ITEM,
      'GET /summons/:id/notifications': SUMMONS_ITEM,
      'GET /departments/:id/summons': { kind: 'list', contains: (body, f) => listed(body, f.read) },
      'GET /notifications/dead-letters': {
        kind: 'list',
        contains: (body, f) => !!body.items?.some((n: { summonsId: string }) => n.summonsId === f.read),
      },
    },
  },
  departmentScope: {
    own: STANDARD_CALLERS.liaison,
    other: otherLiaison,
    endpoints: {
      'GET /summons/:id': SUMMONS_ITEM,
      'GET /summons/:id/notifications': SUMMONS_ITEM,
      'GET /departments/:id/summons': { kind: 'list', contains: (body, f) => listed(body, f.read) },
      'POST /summons/:id/acknowledge': {
        ...SUMMONS_ITEM,
        path: (f) => `/summons/${f.ownAcknowledge}/acknowledge`,
      },
      'POST /summons/:id/arrive': { ...SUMMONS_ITEM, path: (f) => `/summons/${f.ownArrive}/arrive` },
      'POST /summons/:id/decline': { ...SUMMONS_ITEM, path: (f) => `/summons/${f.ownDecline}/decline` },
    },
  },
  more: (running) => moreChecks(running),
});

function moreChecks(running: () => { service: RunningService; fixture: Fixture }): void {
  const call = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
    http(running().service.baseUrl, method, path, body, headers);

  it('refuses a liaison token naming no department: 401 TOKEN_CLAIMS_INVALID', async () => {
    const answer = await call('GET', `/summons/${running().fixture.read}`, as({ role: 'liaison' }));
    expect({ status: answer.status, code: answer.body.code }).toEqual({
      status: 401,
      code: 'TOKEN_CLAIMS_INVALID',
    });
  });

  it('answers an unknown summons and another department’s alike: 404 SUMMONS_NOT_FOUND', async () => {
    for (const id of [uuidv7(), running().fixture.read]) {
      for (const [method, path, body] of [
        ['GET', `/summons/${id}`, undefined],
        ['GET', `/summons/${id}/notifications`, undefined],
        ['POST', `/summons/${id}/acknowledge`, undefined],
        ['POST', `/summons/${id}/arrive`, {}],
        ['POST', `/summons/${id}/decline`, { reason: 'not ours' }],
      ] as const) {
        const answer = await call(method, path, as(otherLiaison), body);
        expect({ path, status: answer.status, body: answer.body }).toEqual({
          path,
          status: 404,
          body: { statusCode: 404, code: 'SUMMONS_NOT_FOUND', message: expect.any(String) },
        });
      }
    }
  });

  it('keeps no Idempotency-Key of a refused request: the rightful liaison then acts with the same key', async () => {
    const { service } = running();
    const [summonsId] = await blowOn(raw, service, townCase);
    const key = `ack-${uuidv7()}`;
    const path = `/summons/${summonsId}/acknowledge`;
    const refused = await call('POST', path, { ...as(otherLiaison), 'idempotency-key': key });
    expect(refused.status).toBe(404);
    const kept = await service.app
      .get(DataSource)
      .query('SELECT count(*)::int AS n FROM idempotency_keys WHERE idempotency_key = $1', [key]);
    expect(kept[0].n).toBe(0);
    const own = await call('POST', path, { ...as(STANDARD_CALLERS.liaison), 'idempotency-key': key });
    expect({ status: own.status, replayed: own.headers.get('idempotent-replayed') }).toEqual({
      status: 200,
      replayed: null,
    });
  });
}
