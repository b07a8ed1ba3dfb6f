import { as, http, waitFor } from '@chuishao/testing';
import { ANLIZHA_CASE, clerk, liaisonOf, ok, operator, type Summons } from './api';
import { startSystem, type RunningSystem } from './system';

const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1' });
const JUDICIAL = 'shangqin-judicial-office';
const TOWN = 'shangqin-town-government';
const POLICE = 'shangqin-police-station';

/**
 * More hands mid-incident (issue 20 item 3) through the real system, every call through the
 * console's forwarding as the workstation makes it: a whistle on two departments due in 10 s; the
 * operator adds the police station (its own 10-minute SLA from then); the town government misses
 * its deadline and the supervisor stands it down; the two still expected arrive and the whistle
 * completes. department, sla-timer and the console each follow; the stood-down department is not a
 * miss in either scorecard.
 */
describe('adding a department mid-whistle and standing another down, end to end', () => {
  let system: RunningSystem;
  let api: string;

  beforeAll(async () => {
    system = await startSystem({
      services: ['intake', 'dispatch', 'department', 'sla-timer', 'ops-console'],
    });
    api = system.urls['ops-console'];
  });

  afterAll(async () => {
    await system?.stop();
  });

  const post = (path: string, body: unknown, caller: Record<string, string>, key: string) =>
    http(api, 'POST', path, body, { ...caller, 'idempotency-key': key });
  const get = (path: string, caller: Record<string, string> = supervisor) =>
    http(api, 'GET', path, undefined, caller);
  const slaStates = async (whistleId: string) =>
    Object.fromEntries(
      ((await get(`/api/sla-timer/whistles/${whistleId}/sla`)).body.items ?? []).map(
        (i: { departmentId: string; state: string }) => [i.departmentId, i.state],
      ),
    );
  const inboxOf = (departmentId: string, summonsId: string) =>
    waitFor(`summons ${summonsId} in ${departmentId}'s inbox`, async () => {
      const { body } = await get(
        `/api/department/departments/${departmentId}/summons`,
        liaisonOf(departmentId),
      );
      return (body.items as Summons[] | undefined)?.find((s) => s.id === summonsId);
    });
  const arrive = (s: Summons) =>
    ok(
      api,
      'POST',
      `/api/department/summons/${s.id}/arrive`,
      {},
      {
        ...liaisonOf(s.departmentId),
        'idempotency-key': `arrive-${s.id}`,
      },
    );

  it('the added department is summoned on its own deadline, the stood-down one is told and not a miss, and the whistle completes', async () => {
    const registered = await ok(api, 'POST', '/api/intake/cases', ANLIZHA_CASE, clerk);
    await waitFor(
      'dispatch to know the case',
      async () => (await get(`/api/dispatch/cases/${registered.id}/whistles`, operator)).status === 200,
    );
    const blown = await post(
      `/api/dispatch/cases/${registered.id}/whistles`,
      { departmentIds: [JUDICIAL, TOWN], arrivalWithinSeconds: 10 },
      operator,
      `whistle-${registered.id}`,
    );
    expect(blown.status).toBe(201);
    const whistleId: string = blown.body.id;
    const [judicial, town] = blown.body.summons as Summons[];

    const added = await post(
      `/api/dispatch/whistles/${whistleId}/summons`,
      { departmentId: POLICE, reason: '现场人员增多，需派出所到场', arrivalWithinSeconds: 600 },
      operator,
      `add-${whistleId}`,
    );
    expect(added.status).toBe(201);
    const police = (added.body.summons as Array<Summons & { arrivalDeadline: string }>).find(
      (s) => s.departmentId === POLICE,
    )!;
    expect(new Date(police.arrivalDeadline).getTime()).toBeGreaterThan(
      new Date(blown.body.arrivalDeadline).getTime() + 500_000,
    );
    expect((await inboxOf(POLICE, police.id)).status).toBe('notified');

    // The town government misses its 10 s: breached, then stood down by the supervisor.
    await waitFor(
      'the town government to breach',
      async () => (await slaStates(whistleId))[TOWN] === 'breached',
      {
        timeoutMs: 60_000,
      },
    );
    const stood = await post(
      `/api/dispatch/whistles/${whistleId}/summons/${town.id}/stand-down`,
      { reason: '矛盾已缓和，无需镇政府到场' },
      supervisor,
      `stand-down-${town.id}`,
    );
    expect(stood.status).toBe(200);
    expect(stood.body.status).toBe('open');

    await waitFor('department to mark the summons stood down', async () => {
      const s = await inboxOf(TOWN, town.id);
      return s.status === 'stood_down';
    });
    const refused = await http(api, 'POST', `/api/department/summons/${town.id}/arrive`, {}, liaisonOf(TOWN));
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 409,
      code: 'SUMMONS_STOOD_DOWN',
    });
    await waitFor(
      'sla-timer to withdraw its clock',
      async () => (await slaStates(whistleId))[TOWN] === 'withdrawn',
    );
    expect((await slaStates(whistleId))[POLICE]).toBe('running');

    // Units on the move (issue 20 item 4): the judicial office acknowledges and sets off with an ETA,
    // which the board shows until it is on site; once there, it leaves the scene.
    const judicialLiaison = liaisonOf(JUDICIAL);
    await ok(api, 'POST', `/api/department/summons/${judicial.id}/acknowledge`, undefined, {
      ...judicialLiaison,
      'idempotency-key': `acknowledge-${judicial.id}`,
    });
    const moving = await ok(
      api,
      'POST',
      `/api/department/summons/${judicial.id}/en-route`,
      { etaMinutes: 15 },
      {
        ...judicialLiaison,
        'idempotency-key': `en-route-${judicial.id}`,
      },
    );
    await waitFor('the board to show the judicial office on its way', async () => {
      const { body } = await get('/api/board');
      const onBoard = (body.whistles ?? [])
        .flatMap(
          (w: { summons: Array<{ summonsId: string; enRoute: { etaAt: string } | null }> }) => w.summons,
        )
        .find((s: { summonsId: string }) => s.summonsId === judicial.id);
      return onBoard?.enRoute?.etaAt === moving.etaAt;
    });
    await arrive(judicial);
    await arrive(police);
    await ok(api, 'POST', `/api/department/summons/${judicial.id}/departure`, undefined, {
      ...judicialLiaison,
      'idempotency-key': `departure-${judicial.id}`,
    });
    const completed = await waitFor('the whistle to complete', async () => {
      const { body } = await get(`/api/dispatch/whistles/${whistleId}`, operator);
      return body.status === 'completed' && body;
    });
    expect(completed.summons.map((s: Summons & { status: string }) => [s.departmentId, s.status])).toEqual([
      [JUDICIAL, 'arrived'],
      [TOWN, 'stood_down'],
      [POLICE, 'arrived'],
    ]);

    // The timeline reads both as sentences; neither scorecard counts the stand-down as a miss.
    const timeline = await waitFor('the timeline to read both', async () => {
      const { body } = await get(`/api/cases/${registered.id}`);
      const types = (body.timeline ?? []).map((t: { type: string }) => t.type);
      return (
        types.includes('SummonsAdded') &&
        types.includes('SummonsStoodDown') &&
        types.includes('DepartmentEnRouteReported') &&
        types.includes('DepartmentDepartureReported') &&
        body.timeline
      );
    });
    const line = (type: string) => timeline.find((t: { type: string }) => t.type === type).summary;
    // The town government's escalation, raised with its breach, is nobody's to chase any more.
    const { body: file } = await get(`/api/cases/${registered.id}`);
    const escalations = file.escalations as Array<{ departmentId: string; state: string }>;
    expect(escalations.filter((e) => e.departmentId === TOWN).map((e) => e.state)).toEqual(['closed']);
    const { body: board } = await get('/api/board');
    expect(
      (board.escalations as Array<{ caseId: string }>).filter((e) => e.caseId === registered.id),
    ).toEqual([]);
    expect(line('SummonsAdded')).toContain('现场人员增多，需派出所到场');
    expect(line('SummonsStoodDown')).toContain('矛盾已缓和，无需镇政府到场');
    const consoleCards = await waitFor('the console scorecards', async () => {
      const { body } = await get('/api/scorecards?groupBy=department');
      return body.items?.some((c: { id: string }) => c.id === POLICE) && body.items;
    });
    const townCard = consoleCards.find((c: { id: string }) => c.id === TOWN);
    expect(townCard).toMatchObject({ responseRate: null, onTimeArrivalRate: null });
    const slaCards = (await get(`/api/sla-timer/scorecards/departments`)).body.items as Array<{ id: string }>;
    expect(slaCards.map((c) => c.id)).toEqual(expect.arrayContaining([JUDICIAL, POLICE]));
    expect(slaCards.map((c) => c.id)).not.toContain(TOWN);
  });
});
