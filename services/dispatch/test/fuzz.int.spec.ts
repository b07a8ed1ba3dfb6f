import { DISPUTE_TYPES } from '@chuishao/contracts';
import {
  as,
  CENTER_OF,
  fuzzService,
  http,
  RawProducer,
  schemaFingerprint,
  SCOPE_ITEM_CENTER,
  type RunningService,
} from '@chuishao/testing';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import {
  type DirectoryStandIn,
  registerCase,
  SHANGQIN_TOWN_DEPARTMENTS,
  startTownDispatch,
} from './support/fixtures';

/** The run's requests, shared between the two callers below as their routes are. */
const RUNS = Number(process.env.FUZZ_RUNS_PER_SERVICE ?? 300);
const DEPARTMENT_IDS = SHANGQIN_TOWN_DEPARTMENTS.map((d) => d.id);

/**
 * The shared fuzz driver over every route (malformed-input.int.spec.ts goes deeper into the
 * bodies): malformed and form bodies, confused fields, malformed and forged tokens, garbage
 * queries and ids out of reach. Whistles are the operator's and routing rules supervision's, so
 * each gets a run of its own. The only case dispatch knows, and its whistle, are at Shangqin
 * town; the operator works at the neighbouring town, so none of its requests can succeed.
 */
describe('dispatch fuzz: malformed and form bodies, bad tokens, out-of-scope ids', () => {
  let dispatch: RunningService;
  let directory: DirectoryStandIn;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const ids = { caseId: '', whistleId: '' };
  const unreachable = () => [
    ids.caseId,
    ids.whistleId,
    '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
    'not-a-uuid',
    '..',
    '%00',
    'x'.repeat(300),
  ];
  let snapshot: () => Promise<Record<string, string>>;

  beforeAll(async () => {
    // Hundreds of changes by one caller in a minute: the rate limit is not what is under test.
    ({ dispatch, directory } = await startTownDispatch({ env: { RATE_LIMIT_PER_MINUTE: '1000000' } }));
    const townOperator = as({ role: 'operator', subject: 'op-town', centerId: SCOPE_ITEM_CENTER });
    ids.caseId = await registerCase(dispatch, raw, {
      caseNoPrefix: 'FZ-',
      readAs: townOperator,
      center: {
        id: SCOPE_ITEM_CENTER,
        name: 'Shangqin',
        tier: 'town',
        path: [CENTER_OF.parent, SCOPE_ITEM_CENTER],
      },
    });
    const blown = await http(dispatch.baseUrl, 'POST', `/cases/${ids.caseId}/whistles`, {}, townOperator);
    expect(blown.status).toBe(201);
    ids.whistleId = blown.body.id;
    snapshot = schemaFingerprint((sql) => dispatch.app.get(DataSource).query(sql));
    expect(Object.keys(await snapshot())).toEqual(
      expect.arrayContaining([
        'known_cases',
        'whistles',
        'whistle_summons',
        'routing_rules',
        'outbox',
        'idempotency_keys',
        'audit_log',
      ]),
    );
  });

  afterAll(async () => {
    await raw.stop();
    await dispatch?.close();
    directory?.close();
  });

  it("an operator's whistles: no 5xx, and nothing changed on a refused request", async () => {
    const slug = fc.constantFrom(...DEPARTMENT_IDS, 'no-such-department', '');
    await fuzzService(
      {
        baseUrl: dispatch.baseUrl,
        caller: { role: 'operator', subject: 'op-fuzz', centerId: CENTER_OF.sibling },
        routes: [
          {
            method: 'POST',
            path: '/cases/:id/whistles',
            fields: {
              departmentIds: fc.array(slug, { maxLength: 3 }),
              reason: fc.string({ maxLength: 40 }),
              arrivalWithinSeconds: fc.integer({ min: 0, max: 8000 }),
            },
          },
          {
            method: 'POST',
            path: '/whistles/:id/reassign',
            fields: { fromDepartmentId: slug, toDepartmentId: slug, reason: fc.string({ maxLength: 40 }) },
          },
          { method: 'GET', path: '/cases/:id/whistles' },
          { method: 'GET', path: '/cases/:id/routing-suggestion' },
          { method: 'GET', path: '/whistles/:id' },
          { method: 'GET', path: '/whistles', query: ['status', 'limit'] },
        ],
        outOfScopeIds: unreachable(),
        snapshot,
      },
      { runs: Math.ceil(RUNS * 0.6) },
    );
  });

  it("supervision's routing rules: no 5xx, and nothing changed on a refused request", async () => {
    const kinds = fc.array(fc.constantFrom('judicial_office', 'town_government', ' ', 'x'.repeat(101)), {
      maxLength: 3,
    });
    await fuzzService(
      {
        baseUrl: dispatch.baseUrl,
        caller: { role: 'supervisor', subject: 'supervisor-fuzz', centerId: CENTER_OF.sibling },
        routes: [
          // An id here is a dispute type nobody has; the rule of a real one may well be changed.
          { method: 'PUT', path: '/routing-rules/:id', fields: { departmentKinds: kinds } },
          { method: 'PUT', path: `/routing-rules/${DISPUTE_TYPES[0]}`, fields: { departmentKinds: kinds } },
          { method: 'GET', path: '/routing-rules' },
          { method: 'GET', path: '/whistles/:id' },
        ],
        outOfScopeIds: unreachable(),
        snapshot,
      },
      { runs: Math.ceil(RUNS * 0.4) },
    );
  });
});
