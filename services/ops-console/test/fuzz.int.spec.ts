import { AuthError, PERSON_ROLES, TokenVerifier, loadAuthConfig } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
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
import { AppModule, OPS_CONSOLE_DESCRIPTION } from '../src/app.module';
import { Script, SlaTimerStub, type RecordedCall } from './support';

const SUPERVISOR = { role: 'supervisor', subject: 'supervisor-fuzz', centerId: CENTER_OF.sibling } as const;

/**
 * The shared fuzz driver over every route of the console's own (the gateway only passes requests
 * on to the services, whose own fuzz runs cover them): malformed and form bodies, confused fields,
 * malformed and forged tokens, garbage queries and ids out of reach. The supervisor works at the
 * neighbouring town; the one case the console knows, with its whistle, breach and escalation, is
 * at Shangqin town. sla-timer is a stand-in that refuses every escalation, as sla-timer does one
 * out of the supervisor's reach; besides the console's tables, the snapshot counts what reached it
 * that the console should have stopped: a call without the supervisor's own valid token, or with
 * an id or a body that is not an acknowledgement's.
 */
describe('ops-console fuzz: malformed and form bodies, bad tokens, out-of-scope ids', () => {
  let consoleService: RunningService;
  const stub = new SlaTimerStub();
  const script = new Script(() => consoleService);
  const verifier = new TokenVerifier(loadAuthConfig());
  const verdicts = new WeakMap<RecordedCall, Promise<boolean>>();
  const ids = { caseId: '', escalationId: '' };

  /** Whether the console had any business forwarding this call. */
  async function forwardedRightly(call: RecordedCall): Promise<boolean> {
    if (!/^\/escalations\/[0-9a-f-]{36}\/acknowledge$/.test(call.url)) return false;
    const body: unknown = JSON.parse(call.body || 'null');
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
    const note = (body as { note?: unknown }).note;
    if (Object.keys(body).some((k) => k !== 'note') || !(note === undefined || typeof note === 'string'))
      return false;
    try {
      return (await verifier.verify(call.headers.authorization)).subject === SUPERVISOR.subject;
    } catch (error) {
      if (error instanceof AuthError) return false;
      throw error;
    }
  }

  const forwardedWrongly = async () => {
    const verdictsNow = await Promise.all(
      stub.calls.map((call) => {
        if (!verdicts.has(call)) verdicts.set(call, forwardedRightly(call));
        return verdicts.get(call)!;
      }),
    );
    return verdictsNow.filter((right) => !right).length;
  };

  beforeAll(async () => {
    stub.answer = () => ({
      status: 404,
      body: { statusCode: 404, code: 'ESCALATION_NOT_FOUND', message: 'no escalation within reach' },
    });
    const slaTimerUrl = await stub.start();
    // Hundreds of changes by one supervisor in a minute: the rate limit is not what is under test.
    consoleService = await startService(
      'ops-console',
      (config) => AppModule.forRoot(config, { settings: { slaTimerUrl } }),
      OPS_CONSOLE_DESCRIPTION,
      { env: { RATE_LIMIT_PER_MINUTE: '1000000' } },
    );
    ({ caseId: ids.caseId } = await script.registerCase(undefined, {
      id: SCOPE_ITEM_CENTER,
      name: '上犹镇',
      tier: 'town',
      path: [CENTER_OF.parent, SCOPE_ITEM_CENTER],
    }));
    const deadline = new Date(Date.now() + 600_000);
    const whistle = await script.blow(ids.caseId, deadline, [[`fuzz-dept-${uuidv7().slice(-8)}`, '部门']]);
    ({ escalationId: ids.escalationId } = await script.breach(
      ids.caseId,
      whistle.whistleId,
      whistle.summons[0]!,
      deadline,
    ));
    // The read model takes events as they come, from four topics: wait until it has handled all
    // four the script sent, so nothing moves while the run compares snapshots.
    await waitFor('the case, its whistle, breach and escalation read', async () => {
      const [inbox] = await consoleService.app.get(DataSource).query('SELECT count(*)::int AS n FROM inbox');
      return inbox.n === 4;
    });
  });

  afterAll(async () => {
    await script.stop();
    await consoleService?.close();
    await stub.stop();
  });

  it('answers no 5xx and changes nothing on a refused request', async () => {
    const tables = schemaFingerprint((sql) => consoleService.app.get(DataSource).query(sql));
    expect(Object.keys(await tables())).toEqual(
      expect.arrayContaining([
        'case_files',
        'timeline_entries',
        'escalations',
        'idempotency_keys',
        'stream_tickets',
      ]),
    );
    // The stand-in is wired, and tells a rightly forwarded acknowledgement from a wrong one: the
    // supervisor's own, out of reach, reaches it and is refused; it counts as rightly forwarded.
    const probe = await http(
      consoleService.baseUrl,
      'POST',
      `/api/escalations/${ids.escalationId}/acknowledge`,
      { note: 'on the way' },
      as(SUPERVISOR),
    );
    expect(probe.status).toBe(404);
    expect(stub.calls).toHaveLength(1);
    expect(await forwardedWrongly()).toBe(0);
    stub.calls.push({ ...stub.calls[0]!, headers: { authorization: 'Bearer not.a.jwt' } });
    expect(await forwardedWrongly()).toBe(1);
    stub.calls.pop();
    const identifier = fc.constantFrom('supervisor-zhang', 'ganzhou-district', 'bad id!', '');
    await fuzzService({
      baseUrl: consoleService.baseUrl,
      caller: SUPERVISOR,
      routes: [
        {
          method: 'POST',
          path: '/api/escalations/:id/acknowledge',
          fields: { note: fc.string({ maxLength: 50 }) },
        },
        // Takes no body: whatever the fields, a valid token gets its ticket.
        { method: 'POST', path: '/api/stream-tickets' },
        {
          method: 'POST',
          path: '/api/session/dev-token',
          fields: {
            role: fc.constantFrom(...PERSON_ROLES, 'admin'),
            subject: identifier,
            departmentId: identifier,
            centerId: identifier,
          },
          // Development sign-in reads no token: it mints one (this run is under CHUISHAO_DEV=1).
          public: true,
        },
        { method: 'GET', path: '/api/cases/:id' },
        { method: 'GET', path: '/api/cases' },
        { method: 'GET', path: '/api/board' },
        { method: 'GET', path: '/api/scorecards', query: ['groupBy', 'from', 'to'] },
        { method: 'GET', path: '/api/scorecards/tiers', query: ['from', 'to'] },
        { method: 'GET', path: '/api/scorecards/follow-ups', query: ['from', 'to'] },
        { method: 'GET', path: '/api/reports/monthly.xlsx', query: ['center', 'month'] },
      ],
      // The case and escalation at another town, ones nobody has, and ids that are not ids.
      outOfScopeIds: [
        ids.caseId,
        ids.escalationId,
        '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b',
        'not-a-uuid',
        '..',
        '%00',
        'x'.repeat(300),
      ],
      snapshot: async () => ({ tables: await tables(), forwardedWrongly: await forwardedWrongly() }),
    });
  });
});
