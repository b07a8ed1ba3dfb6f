import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, as, http, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import {
  newCase,
  outboxCount,
  publishToWhistles,
  startDepartment,
  tablesOf,
  waitForSummonsStored,
  whistleBlown,
} from './support/fixtures';

/**
 * Who may call what (README "HTTP"): every endpoint × every role, plus callers that must never
 * get in. A refused call must leave no trace: the summons row and every table's row count stay
 * as they were.
 */

const ROLES = ['clerk', 'operator', 'liaison', 'mediator', 'supervisor', 'ops', 'court'] as const;
type Role = (typeof ROLES)[number];
const ANY_ROLE: readonly Role[] = ROLES;
const INBOX_READERS: readonly Role[] = ['liaison', 'operator', 'supervisor', 'ops'];

/** The summons under test are for this department; its liaison is the one the matrix calls `liaison`. */
const OWN = 'ganzhou-traffic-police';
const OTHER = 'shangqin-judicial-office';
const FORGING_SECRET = 'another-secret-of-at-least-32-characters!!';

/** One summons of OWN per slot, so each state-changing endpoint starts from a `notified` summons. */
const SLOTS = ['read', 'acknowledge', 'arrive', 'decline'] as const;
type Slot = (typeof SLOTS)[number];

interface Endpoint {
  method: 'GET' | 'POST';
  /** The route as declared, for the test names. */
  route: string;
  path: (summonsOf: Record<Slot, string>) => string;
  body?: unknown;
  roles: readonly Role[];
  /** A liaison may call it only for its own department (403 DEPARTMENT_FORBIDDEN otherwise). */
  ownDepartmentOnly: boolean;
  /** What the summons of the slot becomes when an allowed caller succeeds. */
  effect?: { slot: Slot; status: string; event: string };
}

const ENDPOINTS: Endpoint[] = [
  {
    method: 'GET',
    route: '/departments',
    path: () => '/departments?centerIds=ganzhou-district',
    roles: ANY_ROLE,
    ownDepartmentOnly: false,
  },
  {
    method: 'GET',
    route: '/departments/:id',
    path: () => `/departments/${OWN}`,
    roles: ANY_ROLE,
    ownDepartmentOnly: false,
  },
  {
    method: 'GET',
    route: '/departments/:id/summons',
    path: () => `/departments/${OWN}/summons`,
    roles: INBOX_READERS,
    ownDepartmentOnly: true,
  },
  {
    method: 'GET',
    route: '/summons/:id',
    path: (s) => `/summons/${s.read}`,
    roles: INBOX_READERS,
    ownDepartmentOnly: true,
  },
  {
    method: 'POST',
    route: '/summons/:id/acknowledge',
    path: (s) => `/summons/${s.acknowledge}/acknowledge`,
    roles: ['liaison'],
    ownDepartmentOnly: true,
    effect: { slot: 'acknowledge', status: 'acknowledged', event: 'SummonsAcknowledged' },
  },
  {
    method: 'POST',
    route: '/summons/:id/arrive',
    path: (s) => `/summons/${s.arrive}/arrive`,
    body: { note: 'two officers at the village gate' },
    roles: ['liaison'],
    ownDepartmentOnly: true,
    effect: { slot: 'arrive', status: 'arrived', event: 'DepartmentArrived' },
  },
  {
    method: 'POST',
    route: '/summons/:id/decline',
    path: (s) => `/summons/${s.decline}/decline`,
    body: { reason: 'Provincial highway: not our brigade' },
    roles: ['liaison'],
    ownDepartmentOnly: true,
    effect: { slot: 'decline', status: 'declined', event: 'SummonsDeclined' },
  },
];

type Expected = 'allowed' | { status: 401 | 403; code: string };

interface Caller {
  name: string;
  /** The Authorization header it sends to this endpoint (bad tokens are of a role the endpoint allows). */
  headers: (endpoint: Endpoint) => Record<string, string>;
  expected: (endpoint: Endpoint) => Expected;
}

/** A well-formed token of `role`; a liaison's names OWN. */
function tokenOf(role: Role, options?: { expiresInSeconds?: number; secret?: string }) {
  const subject = `${role}-matrix`;
  return as(role === 'liaison' ? { role, subject, departmentId: OWN } : { role, subject }, options);
}

const otherLiaison = as({ role: 'liaison', subject: 'liaison-other', departmentId: OTHER });

const refused = (status: 401 | 403, code: string) => () => ({ status, code });

/**
 * Refused callers first, so every refusal meets a `notified` summons (the state it could have
 * changed), and the one allowed state change per endpoint comes last.
 */
const CALLERS: Caller[] = [
  { name: 'no token', headers: () => ({}), expected: refused(401, 'TOKEN_MISSING') },
  {
    name: 'an expired token of an allowed role',
    headers: (e) => tokenOf(e.roles[0], { expiresInSeconds: -60 }),
    expected: refused(401, 'TOKEN_EXPIRED'),
  },
  {
    name: 'a token of an allowed role signed with another key',
    headers: (e) => tokenOf(e.roles[0], { secret: FORGING_SECRET }),
    expected: refused(401, 'TOKEN_INVALID'),
  },
  {
    name: 'a liaison token naming no department',
    headers: () => as({ role: 'liaison', subject: 'liaison-nowhere' }),
    expected: refused(401, 'TOKEN_CLAIMS_INVALID'),
  },
  {
    name: `a liaison of another department (${OTHER})`,
    headers: () => otherLiaison,
    expected: (e) => (e.ownDepartmentOnly ? { status: 403, code: 'DEPARTMENT_FORBIDDEN' } : 'allowed'),
  },
  ...ROLES.map((role): Caller => ({
    name: role === 'liaison' ? `liaison (of ${OWN})` : role,
    headers: () => tokenOf(role),
    expected: (e) => (e.roles.includes(role) ? 'allowed' : { status: 403, code: 'ROLE_FORBIDDEN' }),
  })),
];

function orderedCallers(endpoint: Endpoint): Caller[] {
  const allowedLast = (c: Caller) => (c.expected(endpoint) === 'allowed' ? 1 : 0);
  return [...CALLERS].sort((a, b) => allowedLast(a) - allowedLast(b));
}

/** A WhistleBlown on a new case summoning each of `departments`, named by its id, of kind traffic_police. */
function whistleFor(departments: string[]) {
  const summoned = departments.map((departmentId) => ({
    departmentId,
    departmentName: departmentId,
    departmentKind: 'traffic_police',
  }));
  return whistleBlown(summoned, newCase('ALZ-2018-'));
}

describe('department authorization matrix (real PostgreSQL and Kafka)', () => {
  let department: RunningService;
  let database: DataSource;
  let tables: string[];
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const summonsOf = {} as Record<Slot, string>;

  beforeAll(async () => {
    department = await startDepartment();
    database = department.app.get(DataSource);
    // One whistle per slot, each summoning OWN and OTHER, published as dispatch would.
    const whistles = SLOTS.map(() => whistleFor([OWN, OTHER]));
    for (const [i, whistle] of whistles.entries()) {
      await publishToWhistles(raw, department, whistle.event);
      summonsOf[SLOTS[i]] = whistle.summonsIds[OWN];
    }
    await waitForSummonsStored(database, Object.values(summonsOf), 'the summons of every slot stored', {
      notifiedOnly: false,
    });
    tables = await tablesOf(database);
  });

  afterAll(async () => {
    await raw.stop();
    await department?.close();
  });

  /** Everything a refused request could have touched: the summons rows and each table's size. */
  async function snapshot() {
    const summons = await database.query(
      'SELECT id, status, acknowledged_at, arrived_at, arrival_note, declined_at, decline_reason FROM summons WHERE id = ANY($1::uuid[]) ORDER BY id',
      [Object.values(summonsOf)],
    );
    const counts: Record<string, number> = {};
    for (const table of tables) {
      counts[table] = (await database.query(`SELECT count(*)::int AS n FROM "${table}"`))[0].n;
    }
    return { summons, counts };
  }

  async function statusOf(slot: Slot): Promise<string> {
    return (await database.query('SELECT status FROM summons WHERE id = $1', [summonsOf[slot]]))[0].status;
  }

  it('counts the outbox among the tables it watches', () => {
    expect(tables).toEqual(expect.arrayContaining(['outbox', 'summons', 'idempotency_keys', 'inbox']));
  });

  for (const endpoint of ENDPOINTS) {
    describe(`${endpoint.method} ${endpoint.route} (roles: ${endpoint.roles.join(', ')})`, () => {
      for (const caller of orderedCallers(endpoint)) {
        const expected = caller.expected(endpoint);
        const outcome =
          expected === 'allowed' ? 'is served' : `is refused with ${expected.status} ${expected.code}`;
        it(`${caller.name} ${outcome}`, async () => {
          const before = await snapshot();
          const answer = await http(
            department.baseUrl,
            endpoint.method,
            endpoint.path(summonsOf),
            endpoint.body,
            caller.headers(endpoint),
          );
          if (expected === 'allowed') {
            expect(answer.status).not.toBe(401);
            expect(answer.status).not.toBe(403);
            // Every allowed call here is well-formed on a summons that can take it: a plain 200.
            expect({ status: answer.status, code: answer.body?.code }).toEqual({
              status: 200,
              code: undefined,
            });
            if (endpoint.effect) {
              expect(await statusOf(endpoint.effect.slot)).toBe(endpoint.effect.status);
              expect(
                await outboxCount(database, endpoint.effect.event, summonsOf[endpoint.effect.slot]),
              ).toBe(1);
            }
          } else {
            expect({ status: answer.status, code: answer.body?.code }).toEqual(expected);
            expect(await snapshot()).toEqual(before);
            if (endpoint.effect) expect(await statusOf(endpoint.effect.slot)).toBe('notified');
          }
        });
      }
    });
  }

  it('shows a liaison only its own department in the inbox it reads', async () => {
    const own = await http(
      department.baseUrl,
      'GET',
      `/departments/${OWN}/summons?limit=200`,
      undefined,
      tokenOf('liaison'),
    );
    expect(own.status).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    expect(new Set(own.body.items.map((s: { departmentId: string }) => s.departmentId))).toEqual(
      new Set([OWN]),
    );
  });

  it('answers 404 before 403: an unknown summons is unknown to every liaison', async () => {
    const other = otherLiaison;
    const unknown = uuidv7();
    for (const [method, path, body] of [
      ['GET', `/summons/${unknown}`, undefined],
      ['POST', `/summons/${unknown}/acknowledge`, undefined],
      ['POST', `/summons/${unknown}/arrive`, {}],
      ['POST', `/summons/${unknown}/decline`, { reason: 'not ours' }],
    ] as const) {
      const answer = await http(department.baseUrl, method, path, body, other);
      expect({ path, status: answer.status, code: answer.body.code }).toEqual({
        path,
        status: 404,
        code: 'SUMMONS_NOT_FOUND',
      });
    }
    const unknownInbox = await http(
      department.baseUrl,
      'GET',
      '/departments/atlantis-police/summons',
      undefined,
      other,
    );
    expect(unknownInbox.status).toBe(404);
  });

  it('keeps no Idempotency-Key of a refused request: the rightful liaison then acts with the same key', async () => {
    const whistle = whistleFor([OWN]);
    await publishToWhistles(raw, department, whistle.event);
    await waitForSummonsStored(database, [whistle.summonsIds[OWN]], 'the summons stored', {
      notifiedOnly: false,
    });
    const key = `ack-${uuidv7()}`;
    const path = `/summons/${whistle.summonsIds[OWN]}/acknowledge`;
    const other = { ...otherLiaison, 'idempotency-key': key };
    const refusedAnswer = await http(department.baseUrl, 'POST', path, undefined, other);
    expect(refusedAnswer.status).toBe(403);
    expect(
      (
        await database.query('SELECT count(*)::int AS n FROM idempotency_keys WHERE idempotency_key = $1', [
          key,
        ])
      )[0].n,
    ).toBe(0);
    const own = await http(department.baseUrl, 'POST', path, undefined, {
      ...tokenOf('liaison'),
      'idempotency-key': key,
    });
    expect(own.status).toBe(200);
    expect(own.headers.get('idempotent-replayed')).toBeNull();
    expect(own.body.status).toBe('acknowledged');
  });
});
