import { DepartmentArrived, type Actor } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, TopicObserver, as, http, whenHandled, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import {
  GANZHOU_TRAFFIC_POLICE,
  SHANGQIN_TOWN_DEPARTMENTS,
  publishEvent,
  registerCase as registerKnownCase,
  startDirectoryStandIn,
  startDispatch,
  type DirectoryStandIn,
} from './support/fixtures';

const OPERATOR = as({ role: 'operator', subject: 'op-7', centerId: 'ganzhou-district' });
const SUPERVISOR = as({ role: 'supervisor', subject: 'sup-7', centerId: 'ganzhou-district' });
const LIAISON: Actor = { role: 'liaison', id: 'liaison-7' };

interface SummonsView {
  id: string;
  departmentId: string;
  status: string;
  arrivalDeadline: string;
  stoodDownAt: string | null;
  standDownReason: string | null;
}

/** More hands mid-incident (issue 20 item 3), on real PostgreSQL and Kafka. */
describe('dispatch: adding a department to an open whistle, standing one down', () => {
  let dispatch: RunningService;
  let observer: TopicObserver;
  let directory: DirectoryStandIn;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);

  const call = (method: string, path: string, body?: unknown, caller: Record<string, string> = OPERATOR) =>
    http(dispatch.baseUrl, method, path, body, { ...caller, 'idempotency-key': uuidv7() });

  const whistleOn = async (departmentIds: string[]) => {
    const caseId = await registerKnownCase(dispatch, raw, {
      caseNoPrefix: 'MH-',
      readAs: OPERATOR,
      registeredBy: LIAISON,
    });
    const blown = await call('POST', `/cases/${caseId}/whistles`, {
      departmentIds,
      arrivalWithinSeconds: 1800,
    });
    expect(blown.status).toBe(201);
    return { caseId, whistle: blown.body as { id: string; blownAt: string; summons: SummonsView[] } };
  };

  const arrive = (caseId: string, whistleId: string, s: SummonsView) =>
    publishEvent(dispatch, raw, DepartmentArrived, {
      caseId,
      actor: LIAISON,
      payload: {
        summonsId: s.id,
        whistleId,
        departmentId: s.departmentId,
        arrivedAt: new Date().toISOString(),
        note: null,
        location: null,
      },
    });

  beforeAll(async () => {
    directory = await startDirectoryStandIn({
      departments: () => [GANZHOU_TRAFFIC_POLICE, ...SHANGQIN_TOWN_DEPARTMENTS],
      refusesBadTokenWith: 'bare-401',
    });
    dispatch = await startDispatch(directory, { settings: { arrivalSlaSeconds: 1800 } });
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [dispatch.topic('whistles')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await raw.stop();
    await dispatch?.close();
    directory?.close();
  });

  it('adds a department with its own deadline from now, stands another down, and completes with those still expected', async () => {
    const { caseId, whistle } = await whistleOn(['shangqin-judicial-office', 'shangqin-town-government']);
    const [judicial, town] = whistle.summons;

    const key = uuidv7();
    const addBody = {
      departmentId: 'shangqin-police-station',
      reason: 'the crowd grew',
      arrivalWithinSeconds: 600,
    };
    const added = await http(dispatch.baseUrl, 'POST', `/whistles/${whistle.id}/summons`, addBody, {
      ...OPERATOR,
      'idempotency-key': key,
    });
    expect(added.status).toBe(201);
    const police = (added.body.summons as SummonsView[]).find(
      (s) => s.departmentId === 'shangqin-police-station',
    )!;
    expect(police.status).toBe('notified');
    // Its own SLA, from when it was added: 600 s, not the whistle's 1800 s from the blow.
    const addedAt = Date.now();
    expect(Math.abs(new Date(police.arrivalDeadline).getTime() - (addedAt + 600_000))).toBeLessThan(30_000);
    const replay = await http(dispatch.baseUrl, 'POST', `/whistles/${whistle.id}/summons`, addBody, {
      ...OPERATOR,
      'idempotency-key': key,
    });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.summons).toHaveLength(3);

    const addedEvent = await observer.waitForMessage(
      'SummonsAdded',
      (m) => m.json?.type === 'SummonsAdded' && m.json.payload.whistleId === whistle.id,
    );
    expect(addedEvent.key).toBe(caseId);
    expect(addedEvent.json).toMatchObject({
      actor: { role: 'operator', id: 'op-7' },
      payload: {
        caseNo: expect.stringMatching(/^MH-/),
        summons: { summonsId: police.id, departmentId: 'shangqin-police-station' },
        reason: 'the crowd grew',
        arrivalDeadline: police.arrivalDeadline,
        slaSeconds: 600,
      },
    });
    const again = await call('POST', `/whistles/${whistle.id}/summons`, addBody);
    expect({ status: again.status, code: again.body.code }).toEqual({
      status: 409,
      code: 'DEPARTMENT_ALREADY_SUMMONED',
    });

    // A supervisor may stand one down too.
    const stood = await call(
      'POST',
      `/whistles/${whistle.id}/summons/${town.id}/stand-down`,
      { reason: 'no longer needed' },
      SUPERVISOR,
    );
    expect(stood.status).toBe(200);
    expect((stood.body.summons as SummonsView[])[1]).toMatchObject({
      status: 'stood_down',
      standDownReason: 'no longer needed',
    });
    const stoodEvent = await observer.waitForMessage(
      'SummonsStoodDown',
      (m) => m.json?.type === 'SummonsStoodDown' && m.json.payload.whistleId === whistle.id,
    );
    expect(stoodEvent.json).toMatchObject({
      actor: { role: 'supervisor', id: 'sup-7' },
      payload: { summonsId: town.id, departmentId: 'shangqin-town-government', reason: 'no longer needed' },
    });
    const twice = await call('POST', `/whistles/${whistle.id}/summons/${town.id}/stand-down`, {
      reason: 'again',
    });
    expect(twice.body.code).toBe('SUMMONS_ALREADY_STOOD_DOWN');

    // Both are in the audit trail, with who and why.
    const audit: Array<{ action: string; actor_id: string }> = await dispatch.app
      .get(DataSource)
      .query(`SELECT action, actor_id FROM audit_log WHERE case_id = $1 ORDER BY id`, [caseId]);
    expect(audit.map((a) => [a.action, a.actor_id])).toEqual(
      expect.arrayContaining([
        ['SummonsAdded', 'op-7'],
        ['SummonsStoodDown', 'sup-7'],
      ]),
    );

    await arrive(caseId, whistle.id, judicial);
    await arrive(caseId, whistle.id, police);
    const completed = await observer.waitForMessage(
      'WhistleCompleted with the added department',
      (m) => m.json?.type === 'WhistleCompleted' && m.json.payload.whistleId === whistle.id,
    );
    expect(completed.json.payload.arrivals.map((a: { summonsId: string }) => a.summonsId).sort()).toEqual(
      [judicial.id, police.id].sort(),
    );
    const late = await call('POST', `/whistles/${whistle.id}/summons`, {
      departmentId: 'ganzhou-traffic-police',
      reason: 'too late',
    });
    expect({ status: late.status, code: late.body.code }).toEqual({ status: 409, code: 'WHISTLE_NOT_OPEN' });
  });

  it('a stand-down that leaves only departments on site completes the whistle with it', async () => {
    const { caseId, whistle } = await whistleOn(['shangqin-judicial-office', 'shangqin-town-government']);
    const [judicial, town] = whistle.summons;
    const arrived = await arrive(caseId, whistle.id, judicial);
    await whenHandled(dispatch, arrived.id);
    const stood = await call('POST', `/whistles/${whistle.id}/summons/${town.id}/stand-down`, {
      reason: 'settled before they came',
    });
    expect(stood.status).toBe(200);
    expect(stood.body.status).toBe('completed');
    const completed = await observer.waitForMessage(
      'WhistleCompleted by a stand-down',
      (m) => m.json?.type === 'WhistleCompleted' && m.json.payload.whistleId === whistle.id,
    );
    expect(completed.json.payload.arrivals).toEqual([expect.objectContaining({ summonsId: judicial.id })]);
  });

  it('refuses what must not be done, naming the field or the reason', async () => {
    const { whistle } = await whistleOn(['shangqin-judicial-office']);
    const blank = await call('POST', `/whistles/${whistle.id}/summons`, {
      departmentId: 'shangqin-police-station',
      reason: ' ',
    });
    expect(blank.status).toBe(400);
    expect(blank.body.errors[0].field).toBe('reason');
    const unknown = await call('POST', `/whistles/${whistle.id}/summons`, {
      departmentId: 'nobody',
      reason: 'x',
    });
    expect(unknown.body).toMatchObject({ code: 'DEPARTMENT_UNKNOWN', errors: [{ field: 'departmentId' }] });
    const last = await call('POST', `/whistles/${whistle.id}/summons/${whistle.summons[0].id}/stand-down`, {
      reason: 'x',
    });
    expect({ status: last.status, code: last.body.code }).toEqual({ status: 409, code: 'LAST_SUMMONS' });
    const noWhistle = await call('POST', `/whistles/${uuidv7()}/summons`, {
      departmentId: 'shangqin-police-station',
      reason: 'x',
    });
    expect({ status: noWhistle.status, code: noWhistle.body.code }).toEqual({
      status: 404,
      code: 'WHISTLE_NOT_FOUND',
    });
    const clerk = await call(
      'POST',
      `/whistles/${whistle.id}/summons`,
      { departmentId: 'shangqin-police-station', reason: 'x' },
      as({ role: 'clerk', subject: 'clerk-1', centerId: 'ganzhou-district' }),
    );
    expect(clerk.status).toBe(403);
  });
});
