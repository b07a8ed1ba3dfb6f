import {
  CaseReferred,
  CaseReopened,
  DepartmentArrived,
  SummonsAcknowledged,
  SummonsDeclined,
  type Actor,
  type EventDefinition,
  type PayloadOf,
} from '@chuishao/contracts';
import type { Principal } from '@chuishao/auth';
import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, TopicObserver, as, http, whenHandled, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { DepartmentDirectory } from '../src/infrastructure/department-directory/department-directory';
import { KnownCasesRepository } from '../src/infrastructure/persistence/known-cases.repository';
import {
  GANZHOU_TRAFFIC_POLICE,
  SHANGQIN_TOWN_DEPARTMENTS,
  closeCase,
  publishEvent,
  registerCase as registerKnownCase,
  startDirectoryStandIn,
  startDispatch,
  type DirectoryStandIn,
} from './support/fixtures';

/** What the stand-in directory lists: every department a routing rule here can summon. */
const directory = [GANZHOU_TRAFFIC_POLICE, ...SHANGQIN_TOWN_DEPARTMENTS];

const OPERATOR = as({ role: 'operator', subject: 'op-3', centerId: 'ganzhou-district' });
const SUPERVISOR = as({ role: 'supervisor', subject: 'sup-1' });
/** The actor of the events this suite publishes, as a department's liaison. */
const LIAISON: Actor = { role: 'liaison', id: 'liaison-1' };

describe('dispatch (real PostgreSQL and Kafka)', () => {
  let dispatch: RunningService;
  let observer: TopicObserver;
  let directoryServer: DirectoryStandIn;
  let directoryUrl: string;
  let directoryUp = true;
  /** When set, the stand-in refuses even a valid token, as a department service with other keys would. */
  let directoryRefusesEveryToken = false;
  /** Who called the stand-in directory, as its token says. */
  const directoryCallers: Principal[] = [];
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);

  /** Dispatch as the operator (or another caller): every request carries a bearer token. */
  const call = (method: string, path: string, body?: unknown, caller: Record<string, string> = OPERATOR) =>
    http(dispatch.baseUrl, method, path, body, caller);

  const publish = <D extends EventDefinition>(definition: D, caseId: string, payload: PayloadOf<D>) =>
    publishEvent(dispatch, raw, definition, { caseId, actor: LIAISON, payload });

  const registerCase = (disputeType: 'road_traffic' | 'neighbour' = 'road_traffic') =>
    registerKnownCase(dispatch, raw, {
      caseNoPrefix: 'ALZ-2018-',
      readAs: OPERATOR,
      registeredBy: LIAISON,
      disputeType,
      summary: 'road accident',
      headcount: 5,
      urgency: 'urgent',
    });

  const respond = (
    kind: 'ack' | 'arrive' | 'decline',
    caseId: string,
    whistleId: string,
    s: { id: string; departmentId: string },
  ) => {
    const at = new Date().toISOString();
    const common = { summonsId: s.id, whistleId, departmentId: s.departmentId };
    if (kind === 'ack') return publish(SummonsAcknowledged, caseId, { ...common, acknowledgedAt: at });
    if (kind === 'arrive')
      return publish(DepartmentArrived, caseId, {
        ...common,
        arrivedAt: at,
        note: null,
        location: { latitude: 25.83, longitude: 114.93, accuracyMeters: 15 },
      });
    return publish(SummonsDeclined, caseId, {
      ...common,
      declinedAt: at,
      reason: 'no staff on duty',
    });
  };

  beforeAll(async () => {
    // Like the real department service, the stand-in answers only a valid bearer token (signed with
    // the development secret both sides share): a request without one proves dispatch sent none.
    directoryServer = await startDirectoryStandIn({
      departments: () => directory,
      refusesBadTokenWith: 'error-body',
      onCaller: (principal) => directoryCallers.push(principal),
      refusesEveryToken: () => directoryRefusesEveryToken,
      isUp: () => directoryUp,
    });
    directoryUrl = directoryServer.url;
    dispatch = await startDispatch(directoryServer, { settings: { arrivalSlaSeconds: 1800 } });
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [dispatch.topic('whistles')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await raw.stop();
    await dispatch?.close();
    directoryServer?.close();
  });

  it('whistles a road-traffic case to the three departments of its routing rule and completes when all arrive', async () => {
    const caseId = await registerCase();
    // The operator's screen reads, before whistling, whom the rule would summon.
    const suggestion = await call('GET', `/cases/${caseId}/routing-suggestion`);
    expect(suggestion.status).toBe(200);
    expect(suggestion.body).toMatchObject({
      disputeType: 'road_traffic',
      departmentKinds: ['traffic_police', 'judicial_office', 'town_government'],
      unresolvedKinds: [],
    });
    const { status, body: whistle } = await call('POST', `/cases/${caseId}/whistles`, { reason: 'petition' });
    expect(suggestion.body.departments.map((d: { id: string }) => d.id)).toEqual(
      whistle.summons.map((s: { departmentId: string }) => s.departmentId),
    );
    expect(status).toBe(201);
    expect(whistle.summons.map((s: { departmentId: string }) => s.departmentId)).toEqual([
      'ganzhou-traffic-police',
      'shangqin-judicial-office',
      'shangqin-town-government',
    ]);
    expect(new Date(whistle.arrivalDeadline).getTime() - new Date(whistle.blownAt).getTime()).toBe(1800_000);

    const blown = await observer.waitForMessage(
      'WhistleBlown',
      (m) => m.json?.payload?.whistleId === whistle.id,
    );
    expect(blown.key).toBe(caseId);
    expect(blown.json).toMatchObject({ type: 'WhistleBlown', actor: { role: 'operator', id: 'op-3' } });

    for (const summons of whistle.summons) await respond('ack', caseId, whistle.id, summons);
    const lastArrival = await respond('arrive', caseId, whistle.id, whistle.summons[0]);
    await respond('arrive', caseId, whistle.id, whistle.summons[1]);
    await raw.send(dispatch.topic('department-responses'), caseId, JSON.stringify(lastArrival)); // a redelivery
    await respond('arrive', caseId, whistle.id, whistle.summons[2]);

    const completed = await observer.waitForMessage(
      'WhistleCompleted',
      (m) => m.json?.type === 'WhistleCompleted' && m.json.payload.whistleId === whistle.id,
    );
    expect(completed.json.payload.arrivals).toHaveLength(3);
    const read = await call('GET', `/whistles/${whistle.id}`);
    expect(read.body.status).toBe('completed');
    expect(read.body.summons.every((s: { status: string }) => s.status === 'arrived')).toBe(true);
    // Delivered more than once, still completed once.
    const extra = await respond('arrive', caseId, whistle.id, whistle.summons[2]);
    await whenHandled(dispatch, extra.id);
    expect(
      observer.events('WhistleCompleted').filter((e) => e.payload.whistleId === whistle.id),
    ).toHaveLength(1);
  });

  it('replaces a department that declined, and completes with the replacement', async () => {
    const caseId = await registerCase();
    const { body: whistle } = await call('POST', `/cases/${caseId}/whistles`, {
      departmentIds: ['ganzhou-traffic-police', 'shangqin-town-government'],
    });
    const [traffic, town] = whistle.summons;
    const early = await call('POST', `/whistles/${whistle.id}/reassign`, {
      fromDepartmentId: town.departmentId,
      toDepartmentId: 'shangqin-police-station',
      reason: 'not declined yet',
    });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('SUMMONS_NOT_DECLINED');

    const declined = await respond('decline', caseId, whistle.id, town);
    await whenHandled(dispatch, declined.id);
    expect((await call('GET', `/whistles/${whistle.id}`)).body.summons[1].status).toBe('declined');
    const reassigned = await call('POST', `/whistles/${whistle.id}/reassign`, {
      fromDepartmentId: town.departmentId,
      toDepartmentId: 'shangqin-police-station',
      reason: 'town government has no staff on duty',
    });
    expect(reassigned.status).toBe(200);
    const replacement = reassigned.body.summons.find(
      (s: { departmentId: string }) => s.departmentId === 'shangqin-police-station',
    );
    expect(replacement.status).toBe('notified');
    const event = await observer.waitForMessage(
      'DepartmentReassigned',
      (m) => m.json?.type === 'DepartmentReassigned' && m.json.payload.whistleId === whistle.id,
    );
    expect(event.json.payload).toMatchObject({ fromSummonsId: town.id, to: { summonsId: replacement.id } });

    await respond('arrive', caseId, whistle.id, traffic);
    await respond('arrive', caseId, whistle.id, replacement);
    await observer.waitForMessage(
      'WhistleCompleted after reassignment',
      (m) => m.json?.type === 'WhistleCompleted' && m.json.payload.whistleId === whistle.id,
    );
  });

  it('refuses what an operator must not do, with the reason, and changes nothing', async () => {
    const caseId = await registerCase('neighbour');
    expect((await call('POST', `/cases/${uuidv7()}/whistles`, {})).status).toBe(404);
    const unknownDept = await call('POST', `/cases/${caseId}/whistles`, {
      departmentIds: ['ganzhou-traffic-police', 'nobody'],
    });
    expect(unknownDept.status).toBe(400);
    expect(unknownDept.body).toMatchObject({
      code: 'DEPARTMENT_UNKNOWN',
      errors: [{ field: 'departmentIds[1]' }],
    });
    const badBody = await call('POST', `/cases/${caseId}/whistles`, {
      departmentIds: [],
      extra: 1,
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'departmentIds',
      'extra',
    ]);
    for (const arrivalWithinSeconds of [5, 7201, 60.5, '900'])
      expect(
        (await call('POST', `/cases/${caseId}/whistles`, { arrivalWithinSeconds })).body.errors?.[0]?.field,
      ).toBe('arrivalWithinSeconds');
    expect((await call('GET', `/cases/${caseId}/whistles`)).body.items).toHaveLength(0);

    // The operator may set this whistle's deadline (an urgent crowd): it travels in WhistleBlown.
    const first = await call('POST', `/cases/${caseId}/whistles`, { arrivalWithinSeconds: 600 });
    expect(first.status).toBe(201);
    expect(new Date(first.body.arrivalDeadline).getTime() - new Date(first.body.blownAt).getTime()).toBe(
      600_000,
    );
    const blownWithDeadline = await observer.waitForMessage(
      'the WhistleBlown with the operator deadline',
      (m) => m.json?.payload?.whistleId === first.body.id,
    );
    expect(blownWithDeadline.json.payload.slaSeconds).toBe(600);
    const second = await call('POST', `/cases/${caseId}/whistles`, {});
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('WHISTLE_ALREADY_OPEN');

    const closedCase = await registerCase();
    await closeCase(dispatch, raw, closedCase, { readAs: OPERATOR, closedBy: LIAISON });
    const onClosed = await call('POST', `/cases/${closedCase}/whistles`, {});
    expect(onClosed.status).toBe(409);
    expect(onClosed.body.code).toBe('CASE_CLOSED');

    // An unsatisfied follow-up reopens it (回访): the operator may whistle it again.
    const reopened = await publishEvent(dispatch, raw, CaseReopened, {
      caseId: closedCase,
      actor: LIAISON,
      payload: { caseNo: 'ALZ-REOPENED', comment: '不满意', reopenedAt: new Date().toISOString() },
    });
    await whenHandled(dispatch, reopened.id);
    expect((await call('POST', `/cases/${closedCase}/whistles`, {})).status).toBe(201);
  });

  it('blows on the case as it is when it was closed or referred between its read and the insert', async () => {
    const cases = dispatch.app.get(KnownCasesRepository);
    const read = cases.caseToWhistle.bind(cases);
    // The real read, then a real change committed before the whistle's insert, as the case
    // events' handler would commit it: the insert must see it, and the second read explains it.
    const changedAfterTheRead = async (change: (caseId: string) => Promise<unknown>) => {
      const caseId = await registerCase();
      const reads = jest.spyOn(cases, 'caseToWhistle').mockImplementationOnce(async (id) => {
        const asRead = await read(id);
        await change(id);
        return asRead;
      });
      try {
        return {
          caseId,
          answer: await call('POST', `/cases/${caseId}/whistles`, {}),
          reads: reads.mock.calls.length,
        };
      } finally {
        reads.mockRestore();
      }
    };
    const closed = await changedAfterTheRead((id) => cases.markClosed(id));
    expect(closed.answer.status).toBe(409);
    expect(closed.answer.body.code).toBe('CASE_CLOSED');
    expect(closed.reads).toBe(2);
    // Referred up to its town: blown on the case as it now is, the town's whistle.
    const referred = await changedAfterTheRead((id) =>
      cases.moveTo(id, 'shangqin-town', ['ganzhou-district', 'shangqin-town']),
    );
    expect(referred.answer.status).toBe(201);
    expect(referred.answer.body.centerId).toBe('shangqin-town');
    expect(referred.reads).toBe(2);
    const written = await dispatch.app.get(DataSource).query(
      `SELECT w.case_id::text, w.center_id, (SELECT count(*)::int FROM outbox o WHERE o.message_key = w.case_id::text) AS events
           FROM whistles w WHERE w.case_id = ANY($1)`,
      [[closed.caseId, referred.caseId]],
    );
    expect(written).toEqual([{ case_id: referred.caseId, center_id: 'shangqin-town', events: 1 }]);
  });

  it('answers 503 with Retry-After when the department directory is down', async () => {
    const caseId = await registerCase();
    // The directory is cached for 30 s; drop the copy so this call must ask the (down) service.
    directoryUp = false;
    try {
      dispatch.app.get(DepartmentDirectory).invalidate();
      const response = await call('POST', `/cases/${caseId}/whistles`, {});
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('DEPARTMENT_DIRECTORY_UNAVAILABLE');
      expect(response.headers.get('retry-after')).toBe('5');
    } finally {
      directoryUp = true;
    }
  });

  it('reads the directory with its own service token, and answers 503 when the directory refuses it', async () => {
    // The stand-in refuses a request without a valid token, so every answer dispatch got was to one.
    const anonymous = await fetch(`${directoryUrl}/departments`);
    expect(anonymous.status).toBe(401);

    const caseId = await registerCase();
    directoryRefusesEveryToken = true;
    try {
      dispatch.app.get(DepartmentDirectory).invalidate();
      const response = await call('POST', `/cases/${caseId}/whistles`, {});
      expect(response.status).toBe(503);
      expect(response.body.code).toBe('DEPARTMENT_DIRECTORY_UNAVAILABLE');
      expect(response.body.message).toMatch(/service token was refused/);
      expect(response.headers.get('retry-after')).toBe('5');
      expect((await call('GET', `/cases/${caseId}/whistles`)).body.items).toHaveLength(0);
    } finally {
      directoryRefusesEveryToken = false;
    }
    // Every call carried a valid token naming dispatch as an ops service account.
    expect(directoryCallers.length).toBeGreaterThan(0);
    expect(directoryCallers.every((p) => p.role === 'ops' && p.subject === 'service:dispatch')).toBe(true);
    const retried = await call('POST', `/cases/${caseId}/whistles`, {});
    expect(retried.status).toBe(201);
  });

  it('lets a supervisor change a routing rule for later whistles; an operator only reads it', async () => {
    const before = await call('GET', '/routing-rules');
    expect(before.status).toBe(200);
    const refused = await call('PUT', '/routing-rules/neighbour', { departmentKinds: ['police_station'] });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('ROLE_FORBIDDEN');
    expect((await call('GET', '/routing-rules')).body).toEqual(before.body);

    const put = await call(
      'PUT',
      '/routing-rules/neighbour',
      { departmentKinds: ['police_station'] },
      { ...SUPERVISOR, 'x-correlation-id': 'rule-change-1' },
    );
    expect(put.status).toBe(200);
    // No event tells of a rule change: the audit trail records who made it, and what it replaced.
    const audit = await dispatch.app
      .get(DataSource)
      .query(
        `SELECT actor_role, actor_id, entity_type, entity_id, correlation_id, request_id, details FROM audit_log WHERE action = 'RoutingRuleChanged'`,
      );
    expect(audit).toEqual([
      {
        actor_role: 'supervisor',
        actor_id: 'sup-1',
        entity_type: 'routing_rule',
        entity_id: 'neighbour',
        correlation_id: 'rule-change-1',
        request_id: put.headers.get('x-request-id'),
        details: {
          departmentKinds: ['police_station'],
          previousDepartmentKinds: ['judicial_office', 'town_government'],
        },
      },
    ]);
    const caseId = await registerCase('neighbour');
    const { body } = await call('POST', `/cases/${caseId}/whistles`, {});
    expect(body.summons.map((s: { departmentId: string }) => s.departmentId)).toEqual([
      'shangqin-police-station',
    ]);
    expect((await call('PUT', '/routing-rules/alchemy', { departmentKinds: ['x'] }, SUPERVISOR)).status).toBe(
      400,
    );
  });

  it('follows a referral: the case is read by its new center, no longer by the old one', async () => {
    const caseId = await registerCase();
    const villageOperator = as({ role: 'operator', subject: 'op-village', centerId: 'anlizha-village' });
    const townOperator = as({ role: 'operator', subject: 'op-town', centerId: 'shangqin-town' });
    const daman = as({ role: 'operator', subject: 'op-daman', centerId: 'daman-town' });
    expect((await call('GET', `/cases/${caseId}/whistles`, undefined, villageOperator)).status).toBe(200);

    const referred = await publishEvent(dispatch, raw, CaseReferred, {
      caseId,
      actor: { role: 'clerk', id: 'clerk-anlizha' },
      payload: {
        caseNo: `ALZ-2018-${caseId.slice(-6)}`,
        direction: 'up',
        from: {
          id: 'anlizha-village',
          name: 'Anlizha',
          tier: 'village',
          path: ['ganzhou-district', 'shangqin-town', 'anlizha-village'],
        },
        to: {
          id: 'shangqin-town',
          name: 'Shangqin',
          tier: 'town',
          path: ['ganzhou-district', 'shangqin-town'],
        },
        reason: 'beyond the village',
        referredAt: new Date().toISOString(),
      },
    });
    await whenHandled(dispatch, referred.id);
    expect((await call('GET', `/cases/${caseId}/whistles`, undefined, villageOperator)).status).toBe(404);
    expect((await call('GET', `/cases/${caseId}/whistles`, undefined, townOperator)).status).toBe(200);
    expect((await call('GET', `/cases/${caseId}/whistles`, undefined, daman)).status).toBe(404);
  });
});
