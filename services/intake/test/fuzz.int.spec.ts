import { CASE_CHANNELS, DISPUTE_TYPES, PARTY_ROLES, URGENCIES } from '@chuishao/contracts';
import {
  as,
  CENTER_OF,
  fuzzService,
  http,
  schemaFingerprint,
  SCOPE_ITEM_CENTER,
  startService,
  waitFor,
  type RunningService,
} from '@chuishao/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

/**
 * The shared fuzz driver over every route (malformed-input.int.spec.ts goes deeper into the
 * bodies): malformed and form bodies, confused fields, malformed and forged tokens, and ids the
 * clerk may not reach. The clerk works at the neighbouring town and every case intake holds is
 * registered elsewhere, out of the clerk's reach, so no request of the run can succeed except a
 * read, and every table of the schema must stay as it was.
 */
describe('intake fuzz: malformed and form bodies, bad tokens, out-of-scope ids', () => {
  let intake: RunningService;
  /** Cases the clerk may not reach: at another town, at the district, at a village of another town. */
  const outOfScopeCases: string[] = [];

  async function registerAt(centerId: string): Promise<string> {
    const clerk = as({ role: 'clerk', subject: `clerk-${centerId}`, centerId });
    const registered = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      {
        centerId,
        channel: 'walk_in',
        disputeType: 'neighbour',
        summary: 'Two neighbours dispute a wall between their yards.',
        headcount: 2,
        urgency: 'normal',
        parties: [{ role: 'applicant', name: '王某', idNumber: '620702198001011234', phone: '13912345678' }],
      },
      clerk,
    );
    expect(registered.status).toBe(201);
    const caseId: string = registered.body.id;
    // Intake reads its own CaseRegistered back into the case's trail: wait until that is done,
    // so the trail does not move while the run compares snapshots.
    await waitFor('the case trail to record the registration', async () => {
      const audit = await http(intake.baseUrl, 'GET', `/cases/${caseId}/audit`, undefined, as('ops'));
      return audit.status === 200 && audit.body.items.length > 0;
    });
    return caseId;
  }

  beforeAll(async () => {
    // Hundreds of changes by one clerk in a minute: the rate limit is not what is under test.
    intake = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION, {
      env: { RATE_LIMIT_PER_MINUTE: '1000000' },
    });
    for (const center of [SCOPE_ITEM_CENTER, CENTER_OF.parent, CENTER_OF.child])
      outOfScopeCases.push(await registerAt(center));
  });
  afterAll(async () => intake?.close());

  it('answers no 5xx and changes nothing on a refused request', async () => {
    const text = fc.string({ maxLength: 40 });
    const party = fc.record({
      role: fc.constantFrom(...PARTY_ROLES),
      name: text,
      idNumber: fc.constantFrom('620702198001011234', '62070219800101123X', '12345'),
      phone: fc.constantFrom('13912345678', '+86 139-1234-5678', 'call me'),
    });
    const followUp = {
      answer: fc.constantFrom('satisfied', 'basically_satisfied', 'unsatisfied', 'meh'),
      resolved: fc.boolean(),
      comment: text,
    };
    const snapshot = schemaFingerprint((sql) => intake.app.get(DataSource).query(sql));
    expect(Object.keys(await snapshot())).toEqual(
      expect.arrayContaining(['cases', 'parties', 'case_trail', 'outbox', 'idempotency_keys', 'audit_log']),
    );
    await fuzzService({
      baseUrl: intake.baseUrl,
      caller: { role: 'clerk', subject: 'clerk-fuzz', centerId: CENTER_OF.sibling },
      routes: [
        {
          method: 'POST',
          path: '/cases',
          fields: {
            // Another center than the clerk's, or none: a registration the clerk may not make.
            centerId: fc.constantFrom(SCOPE_ITEM_CENTER, CENTER_OF.parent, 'no-such-center'),
            channel: fc.constantFrom(...CASE_CHANNELS),
            disputeType: fc.constantFrom(...DISPUTE_TYPES),
            summary: text,
            headcount: fc.integer({ min: -1, max: 10001 }),
            urgency: fc.constantFrom(...URGENCIES),
            parties: fc.array(party, { maxLength: 3 }),
          },
        },
        { method: 'POST', path: '/cases/:id/close', fields: { reason: text } },
        { method: 'GET', path: '/cases/:id' },
        { method: 'GET', path: '/cases/:id/similar' },
        {
          method: 'POST',
          path: '/cases/:id/links',
          fields: {
            linkedCaseId: fc.constantFrom(...outOfScopeCases, '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', 'x'),
            reason: text,
          },
        },
        { method: 'GET', path: '/cases', query: ['status', 'centerId', 'idNumber', 'phone', 'limit'] },
        { method: 'GET', path: '/centers/:id' },
        { method: 'GET', path: '/repeat-petitions', query: ['from', 'to'] },
        { method: 'POST', path: '/cases/:id/follow-up', fields: followUp },
        // Public: the party's one-time link; no token here names a link, so every one is refused.
        { method: 'GET', path: '/follow-ups/:id', public: true },
        { method: 'POST', path: '/follow-ups/:id', public: true, fields: followUp },
        // Open311: the service list is public; the requests take an api_key, which no shot
        // carries, so every one is refused. Forms are parsed here (the one exception to JSON).
        { method: 'GET', path: '/open311/v2/services.json', public: true },
        {
          method: 'POST',
          path: '/open311/v2/requests.json',
          fields: {
            api_key: fc.constantFrom('A'.repeat(43), 'short', ''),
            service_code: fc.constantFrom('TJ-102', 'TJ-999', ''),
            lat: fc.oneof(fc.double(), fc.constantFrom('36.1', 'north')),
            long: fc.oneof(fc.double(), fc.constantFrom('103.8', '')),
            address_string: text,
            description: text,
            phone: fc.constantFrom('13912345678', 'call me'),
          },
        },
        {
          method: 'GET',
          path: '/open311/v2/requests.json',
          query: [
            'api_key',
            'service_request_id',
            'service_code',
            'start_date',
            'end_date',
            'status',
            'limit',
          ],
        },
        { method: 'GET', path: '/open311/v2/requests/:id.json', query: ['api_key'] },
      ],
      // Cases at other centers, one nobody registered, and ids that are not ids.
      outOfScopeIds: [
        ...outOfScopeCases,
        '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        'not-a-uuid',
        '..',
        '%00',
        'x'.repeat(300),
      ],
      snapshot,
    });
  });
});
