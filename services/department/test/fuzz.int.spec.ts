import { fuzzService, RawProducer, schemaFingerprint, type RunningService } from '@chuishao/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import {
  newCase,
  publishToWhistles,
  startDepartment,
  waitForSummonsStored,
  whistleBlown,
} from './support/fixtures';

/** The run's requests, shared between the two callers below as their routes are. */
const RUNS = Number(process.env.FUZZ_RUNS_PER_SERVICE ?? 300);
const UNKNOWN_AND_GARBAGE = [
  '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
  'not-a-uuid',
  '..',
  '%00',
  'x'.repeat(300),
];

/**
 * The shared fuzz driver over every route (malformed-input.int.spec.ts and
 * notifications-malformed-input.int.spec.ts go deeper into the bodies): malformed and form bodies,
 * confused fields, malformed and forged tokens, garbage queries and ids out of reach. Summons are
 * a liaison's and the directory is ops', so each gets a run of its own. The liaison is Liangjiadun
 * police station's; the only summons there are go to Shangqin's departments, out of its reach.
 */
describe('department fuzz: malformed and form bodies, bad tokens, out-of-scope ids', () => {
  let department: RunningService;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  let summonsIds: string[] = [];
  let snapshot: () => Promise<Record<string, string>>;

  beforeAll(async () => {
    // Hundreds of changes by one caller in a minute: the rate limit is not what is under test.
    department = await startDepartment({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } });
    const whistle = whistleBlown(
      [
        {
          departmentId: 'shangqin-judicial-office',
          departmentName: 'Shangqin judicial office',
          departmentKind: 'judicial_office',
        },
        {
          departmentId: 'shangqin-police-station',
          departmentName: 'Shangqin police station',
          departmentKind: 'police_station',
        },
      ],
      newCase('FZ-'),
    );
    await publishToWhistles(raw, department, whistle.event);
    summonsIds = whistle.summons.map((s) => s.summonsId);
    // Until their texts are sent too: the delivery worker must not write while the run compares.
    const database = department.app.get(DataSource);
    await waitForSummonsStored(database, summonsIds, 'the summons stored and notified', {
      notifiedOnly: true,
    });
    snapshot = schemaFingerprint((sql) => database.query(sql));
    expect(Object.keys(await snapshot())).toEqual(
      expect.arrayContaining([
        'summons',
        'directory_contacts',
        'department_webhooks',
        'notifications',
        'stream_tickets',
        'outbox',
        'idempotency_keys',
        'audit_log',
      ]),
    );
  });

  afterAll(async () => {
    await raw.stop();
    await department?.close();
  });

  it("a liaison's summons actions: no 5xx, and nothing changed on a refused request", async () => {
    const text = fc.string({ maxLength: 40 });
    const coordinate = fc.oneof(fc.double({ min: -200, max: 200 }), fc.integer());
    await fuzzService(
      {
        baseUrl: department.baseUrl,
        caller: {
          role: 'liaison',
          subject: 'liaison-fuzz',
          departmentId: 'liangjiadun-police-station',
        },
        routes: [
          { method: 'POST', path: '/summons/:id/acknowledge', fields: { note: text } },
          {
            method: 'POST',
            path: '/summons/:id/arrive',
            fields: {
              note: text,
              location: fc.record({
                latitude: coordinate,
                longitude: coordinate,
                accuracyMeters: coordinate,
              }),
            },
          },
          { method: 'POST', path: '/summons/:id/decline', fields: { reason: text } },
          // Takes no body: whatever the fields, a valid token gets its ticket.
          { method: 'POST', path: '/stream-tickets' },
          { method: 'GET', path: '/summons/:id' },
          { method: 'GET', path: '/summons/:id/notifications' },
          { method: 'GET', path: '/departments/:id/summons', query: ['status', 'limit'] },
          { method: 'GET', path: '/departments', query: ['centerIds', 'kind'] },
        ],
        // Summons of other departments, another department's inbox, unknown and non-ids.
        outOfScopeIds: [...summonsIds, 'shangqin-police-station', ...UNKNOWN_AND_GARBAGE],
        snapshot,
      },
      { runs: Math.ceil(RUNS * 0.6) },
    );
  });

  it("ops' directory edits: no 5xx, and nothing changed on a refused request", async () => {
    const contactFields = {
      id: fc.constantFrom('liaison-zhang', 'Bad Id', ''),
      name: fc.string({ maxLength: 20 }),
      phone: fc.constantFrom('13800000001', '+8613800000001', '12'),
    };
    const contact = fc.record(contactFields);
    const liaison = fc.record({ ...contactFields, onDuty: fc.boolean() });
    const contacts = { head: fc.option(contact), liaisons: fc.array(liaison, { maxLength: 3 }) };
    const supervisors = { supervisors: fc.array(contact, { maxLength: 3 }) };
    const webhook = {
      url: fc.constantFrom(
        'https://hooks.example.gov.cn/chuishao',
        'http://127.0.0.1:9/x',
        'ftp://x',
        'not a url',
      ),
      secret: fc.string({ maxLength: 40 }),
    };
    await fuzzService(
      {
        baseUrl: department.baseUrl,
        caller: { role: 'ops', subject: 'ops-fuzz' },
        routes: [
          // With an id of nothing, and with a real department or center, whose edit may succeed.
          { method: 'PUT', path: '/departments/:id/contacts', fields: contacts },
          { method: 'PUT', path: '/departments/shangqin-police-station/contacts', fields: contacts },
          { method: 'PUT', path: '/centers/:id/supervisors', fields: supervisors },
          { method: 'PUT', path: '/centers/shangqin-town/supervisors', fields: supervisors },
          { method: 'PUT', path: '/departments/:id/webhook', fields: webhook },
          { method: 'PUT', path: '/departments/shangqin-police-station/webhook', fields: webhook },
          { method: 'GET', path: '/departments/:id/contacts' },
          { method: 'GET', path: '/notifications/dead-letters', query: ['limit'] },
          { method: 'GET', path: '/sms-simulator/messages', query: ['to', 'limit'] },
        ],
        outOfScopeIds: UNKNOWN_AND_GARBAGE,
        snapshot,
      },
      { runs: Math.ceil(RUNS * 0.4) },
    );
  });
});
