import { DepartmentReassigned } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, TopicObserver, as, http, whenHandled, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import {
  fromDispatch,
  outboxCount,
  publishToWhistles,
  startDepartment,
  whistleBlown,
  type BlownWhistle,
  type DepartmentToSummon,
  type WhistledCase,
} from './support/fixtures';

/** The reference case: a road death in Anlizha village; traffic police, judicial office and town government summoned. */
const referenceDepartments: DepartmentToSummon[] = [
  {
    departmentId: 'ganzhou-traffic-police',
    departmentName: 'Ganzhou District Traffic Police Brigade',
    departmentKind: 'traffic_police',
  },
  {
    departmentId: 'shangqin-judicial-office',
    departmentName: 'Shangqin Town Judicial Office',
    departmentKind: 'judicial_office',
  },
  {
    departmentId: 'shangqin-town-government',
    departmentName: 'Shangqin Town Government',
    departmentKind: 'town_government',
  },
];

let caseSequence = 0;

/**
 * Reads go as the network's supervision (no center: every department and every center; an operator
 * reads only cases whose registration department has seen, authorization.int.spec.ts); summons
 * actions as the department's liaison.
 */
const reader = as({ role: 'supervisor', subject: 'supervisor-network' });
function liaisonOf(departmentId: string, subject = `liaison-${departmentId}`) {
  return as({ role: 'liaison', subject, departmentId });
}
const trafficLiaison = liaisonOf('ganzhou-traffic-police', 'liaison-traffic-1');
/** Where a liaison's phone put it on arrival: the village committee, a 12 m fix. */
const onSite = { latitude: 25.8311, longitude: 114.9336, accuracyMeters: 12 };

/** A WhistleBlown on a new, sequentially numbered case, or on `onCase` when given (a case whistled again). */
function newWhistle(departments = referenceDepartments, onCase?: WhistledCase): BlownWhistle {
  return whistleBlown(
    departments,
    onCase ?? { caseId: uuidv7(), caseNo: `ALZ-2018-${String(++caseSequence).padStart(6, '0')}` },
  );
}

describe('department (real PostgreSQL and Kafka)', () => {
  let department: RunningService;
  let observer: TopicObserver;
  let database: DataSource;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);

  beforeAll(async () => {
    department = await startDepartment();
    database = department.app.get(DataSource);
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [
      department.topic('department-responses'),
      department.topic('whistles.dlq'),
    ]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await raw.stop();
    await department?.close();
  });

  const get = (path: string, headers: Record<string, string> = reader) =>
    http(department.baseUrl, 'GET', path, undefined, headers);
  /** A summons action, by the traffic police liaison unless told otherwise. */
  const post = (path: string, body?: unknown, headers: Record<string, string> = trafficLiaison) =>
    http(department.baseUrl, 'POST', path, body, headers);

  /** Publishes the whistle as dispatch would, and waits for the department to have handled it. */
  async function blow(whistle: BlownWhistle): Promise<void> {
    await publishToWhistles(raw, department, whistle.event);
    await whenHandled(department, whistle.event.id);
  }

  /** The summons of a handled whistle, read once from its department's inbox. */
  async function summonsInInbox(whistle: BlownWhistle, departmentId: string) {
    const { body } = await get(`/departments/${departmentId}/summons?limit=200`);
    const found = body.items?.find((s: { id: string }) => s.id === whistle.summonsIds[departmentId]);
    expect(found).toBeDefined();
    return found;
  }

  it('serves the seeded directory, filtered by centers and kind', async () => {
    const all = await get('/departments');
    expect(all.status).toBe(200);
    expect(all.body.items).toEqual(
      expect.arrayContaining([
        {
          id: 'ganzhou-traffic-police',
          kind: 'traffic_police',
          name: expect.any(String),
          nameZh: expect.any(String),
          centerIds: ['ganzhou-district'],
        },
        expect.objectContaining({ id: 'ganzhou-peoples-tribunal', kind: 'peoples_tribunal' }),
        expect.objectContaining({ id: 'ganzhou-civil-affairs', kind: 'civil_affairs' }),
      ]),
    );
    for (const town of ['shangqin', 'liangjiadun', 'daman']) {
      for (const [suffix, kind] of [
        ['judicial-office', 'judicial_office'],
        ['town-government', 'town_government'],
        ['police-station', 'police_station'],
      ]) {
        expect(all.body.items).toContainEqual(
          expect.objectContaining({ id: `${town}-${suffix}`, kind, centerIds: [`${town}-town`] }),
        );
      }
    }

    const servingAnlizhaPath = await get('/departments?centerIds=shangqin-town,anlizha-village');
    expect(servingAnlizhaPath.body.items.map((d: { id: string }) => d.id)).toEqual([
      'shangqin-judicial-office',
      'shangqin-police-station',
      'shangqin-town-government',
    ]);
    const judicial = await get('/departments?kind=judicial_office&centerIds=daman-town');
    expect(judicial.body.items.map((d: { id: string }) => d.id)).toEqual(['daman-judicial-office']);

    const one = await get('/departments/shangqin-judicial-office');
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ kind: 'judicial_office', nameZh: '上秦镇司法所' });
    const unknown = await get('/departments/atlantis-police');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('DEPARTMENT_NOT_FOUND');
    expect((await get('/departments/atlantis-police/summons')).status).toBe(404);
    const badLimit = await get('/departments/ganzhou-traffic-police/summons?limit=abc');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.errors).toEqual([{ field: 'limit', reason: 'limit must be an integer number' }]);
  });

  it('puts a WhistleBlown summons in each inbox; acknowledge then arrive publish keyed events', async () => {
    const whistle = newWhistle();
    await blow(whistle);
    const summonsId = whistle.summonsIds['ganzhou-traffic-police'];

    const inbox = await get('/departments/ganzhou-traffic-police/summons?status=notified');
    expect(inbox.body.items.find((s: { id: string }) => s.id === summonsId)).toEqual({
      id: summonsId,
      whistleId: whistle.whistleId,
      caseId: whistle.caseId,
      caseNo: whistle.caseNo,
      departmentId: 'ganzhou-traffic-police',
      status: 'notified',
      arrivalDeadline: whistle.arrivalDeadline,
      notifiedAt: whistle.blownAt,
      acknowledgedAt: null,
      arrivedAt: null,
      arrivalNote: null,
      arrivalLocation: null,
      declinedAt: null,
      declineReason: null,
      stoodDownAt: null,
      standDownReason: null,
    });
    for (const departmentId of Object.keys(whistle.summonsIds)) await summonsInInbox(whistle, departmentId);

    const liaison = { ...trafficLiaison, 'x-correlation-id': `corr-${whistle.caseId}` };
    const acknowledged = await post(`/summons/${summonsId}/acknowledge`, undefined, liaison);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      id: summonsId,
      status: 'acknowledged',
      acknowledgedAt: expect.any(String),
    });
    const again = await post(`/summons/${summonsId}/acknowledge`, undefined, liaison);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('SUMMONS_ALREADY_ACKNOWLEDGED');

    const arrived = await post(
      `/summons/${summonsId}/arrive`,
      { note: 'two officers at the village gate', location: onSite },
      liaison,
    );
    expect(arrived.status).toBe(200);
    expect(arrived.body).toMatchObject({
      status: 'arrived',
      arrivedAt: expect.any(String),
      arrivalNote: 'two officers at the village gate',
      arrivalLocation: onSite,
    });
    expect((await get(`/summons/${summonsId}`)).body.status).toBe('arrived');
    const inboxOfArrived = await get('/departments/ganzhou-traffic-police/summons?status=arrived');
    expect(inboxOfArrived.body.items.map((s: { id: string }) => s.id)).toContain(summonsId);

    const ack = await observer.waitForMessage(
      'SummonsAcknowledged',
      (m) => m.json?.type === 'SummonsAcknowledged' && m.json.payload.summonsId === summonsId,
    );
    expect(ack.topic).toBe(department.topic('department-responses'));
    expect(ack.key).toBe(whistle.caseId);
    expect(ack.headers['event-type']).toBe('SummonsAcknowledged');
    expect(ack.json).toMatchObject({
      version: 1,
      caseId: whistle.caseId,
      correlationId: `corr-${whistle.caseId}`,
      actor: { role: 'liaison', id: 'liaison-traffic-1' },
      payload: {
        whistleId: whistle.whistleId,
        departmentId: 'ganzhou-traffic-police',
        acknowledgedAt: acknowledged.body.acknowledgedAt,
      },
    });
    const arrival = await observer.waitForMessage(
      'DepartmentArrived',
      (m) => m.json?.type === 'DepartmentArrived' && m.json.payload.summonsId === summonsId,
    );
    expect(arrival.key).toBe(whistle.caseId);
    expect(arrival.json).toMatchObject({
      version: 2,
      actor: { role: 'liaison', id: 'liaison-traffic-1' },
      payload: {
        whistleId: whistle.whistleId,
        departmentId: 'ganzhou-traffic-police',
        arrivedAt: arrived.body.arrivedAt,
        note: 'two officers at the village gate',
        location: onSite,
      },
    });
    // Per-case order: the acknowledgement is on the same partition, before the arrival.
    expect(arrival.partition).toBe(ack.partition);
    expect(BigInt(arrival.offset)).toBeGreaterThan(BigInt(ack.offset));
  });

  it('lets one of two simultaneous acknowledgements through; the other is a 409', async () => {
    const whistle = newWhistle();
    await blow(whistle);
    const summonsId = whistle.summonsIds['ganzhou-traffic-police'];
    const answers = await Promise.all([
      post(`/summons/${summonsId}/acknowledge`),
      post(`/summons/${summonsId}/acknowledge`),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)?.body.code).toBe('SUMMONS_ALREADY_ACKNOWLEDGED');
    expect(await outboxCount(database, 'SummonsAcknowledged', summonsId)).toBe(1);
  });

  it('serves its OpenAPI document', async () => {
    const { status, body } = await get('/docs-json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining([
        '/departments',
        '/departments/{id}/summons',
        '/summons/{id}/arrive',
        '/summons/{id}/decline',
      ]),
    );
    expect(body.components.schemas.DeclineSummonsDto.required).toEqual(['reason']);
  });

  it('lets a liaison report arrival without acknowledging first', async () => {
    const whistle = newWhistle();
    await blow(whistle);
    const summonsId = whistle.summonsIds['ganzhou-traffic-police'];
    const arrived = await post(`/summons/${summonsId}/arrive`);
    expect(arrived.status).toBe(200);
    expect(arrived.body).toMatchObject({
      status: 'arrived',
      acknowledgedAt: null,
      arrivalNote: null,
      arrivalLocation: null,
    });
    const event = await observer.waitForMessage(
      'DepartmentArrived with no location',
      (m) => m.json?.type === 'DepartmentArrived' && m.json.payload.summonsId === summonsId,
    );
    expect(event.json).toMatchObject({ version: 2, payload: { location: null } });
  });

  it('refuses a location out of range or incomplete with a 400 naming the field, and stores nothing', async () => {
    const whistle = newWhistle();
    await blow(whistle);
    const summonsId = whistle.summonsIds['ganzhou-traffic-police'];
    const cases: Array<[unknown, string]> = [
      [{ ...onSite, latitude: 90.5 }, 'location.latitude'],
      [{ ...onSite, longitude: -181 }, 'location.longitude'],
      [{ ...onSite, accuracyMeters: -1 }, 'location.accuracyMeters'],
      [{ latitude: 25.8, longitude: 114.9 }, 'location.accuracyMeters'],
      [{ ...onSite, latitude: '25.8' }, 'location.latitude'],
      ['25.8,114.9', 'location'],
    ];
    for (const [location, field] of cases) {
      const refused = await post(`/summons/${summonsId}/arrive`, { location });
      expect(refused.status).toBe(400);
      expect(refused.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    }
    expect((await get(`/summons/${summonsId}`)).body.status).toBe('notified');
  });

  it('needs a reason to decline; a declined summons refuses arrival with 409 and emits nothing', async () => {
    const whistle = newWhistle();
    await blow(whistle);
    const summonsId = whistle.summonsIds['ganzhou-traffic-police'];

    const noReason = await post(`/summons/${summonsId}/decline`, {});
    expect(noReason.status).toBe(400);
    expect(noReason.body.code).toBe('VALIDATION_FAILED');
    // The first rule a missing reason breaks is its type, not its length.
    expect(noReason.body.errors).toEqual([{ field: 'reason', reason: 'reason must be a string' }]);
    const numericReason = await post(`/summons/${summonsId}/decline`, { reason: 42 });
    expect(numericReason.body.errors).toEqual([{ field: 'reason', reason: 'reason must be a string' }]);
    const blankReason = await post(`/summons/${summonsId}/decline`, {
      reason: '   ',
    });
    expect(blankReason.status).toBe(400);
    expect(blankReason.body).toMatchObject({
      code: 'DECLINE_REASON_REQUIRED',
      errors: [{ field: 'reason' }],
    });
    const tooLong = await post(`/summons/${summonsId}/decline`, {
      reason: 'x'.repeat(1001),
    });
    expect(tooLong.status).toBe(400);
    expect((await get(`/summons/${summonsId}`)).body.status).toBe('notified');

    const declined = await post(`/summons/${summonsId}/decline`, {
      reason: 'Provincial highway: not our brigade',
    });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'declined',
      declineReason: 'Provincial highway: not our brigade',
      declinedAt: expect.any(String),
    });
    const event = await observer.waitForMessage(
      'SummonsDeclined',
      (m) => m.json?.type === 'SummonsDeclined' && m.json.payload.summonsId === summonsId,
    );
    expect(event.key).toBe(whistle.caseId);
    expect(event.json).toMatchObject({
      actor: { role: 'liaison' },
      payload: { reason: 'Provincial highway: not our brigade', declinedAt: declined.body.declinedAt },
    });

    const arrive = await post(`/summons/${summonsId}/arrive`, {
      note: 'came anyway',
    });
    expect(arrive.status).toBe(409);
    expect(arrive.body.code).toBe('SUMMONS_DECLINED');
    expect((await post(`/summons/${summonsId}/acknowledge`)).body.code).toBe('SUMMONS_DECLINED');
    expect(await outboxCount(database, 'DepartmentArrived', summonsId)).toBe(0);
    expect(await outboxCount(database, 'SummonsAcknowledged', summonsId)).toBe(0);
    expect((await get(`/summons/${summonsId}`)).body).toMatchObject({
      status: 'declined',
      arrivedAt: null,
    });
  });

  it('answers 404 for an unknown summons and 400 for a malformed id', async () => {
    const unknown = uuidv7();
    const read = await get(`/summons/${unknown}`);
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('SUMMONS_NOT_FOUND');
    for (const action of ['acknowledge', 'arrive']) {
      const answer = await post(`/summons/${unknown}/${action}`);
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe('SUMMONS_NOT_FOUND');
    }
    expect((await post(`/summons/${unknown}/decline`, { reason: 'no' })).status).toBe(404);
    const malformed = await get('/summons/not-a-uuid');
    expect(malformed.status).toBe(400);
    expect(malformed.body.errors).toEqual([{ field: 'id', reason: 'must be a UUID' }]);
    expect((await post('/summons/not-a-uuid/arrive')).status).toBe(400);
  });

  it('stores one summons per department for a redelivered WhistleBlown, and dead-letters a malformed message', async () => {
    const whistle = newWhistle([
      ...referenceDepartments,
      // Dispatch may know a department the directory has not caught up with: kept, with a warning.
      {
        departmentId: 'gaotai-forestry-station',
        departmentName: 'Gaotai Forestry Station',
        departmentKind: 'forestry',
      },
    ]);
    const whistles = department.topic('whistles');
    // A poison message first on the same partition (same key): it must not block what follows.
    await raw.send(whistles, whistle.caseId, '{"type":"WhistleBlown","oops"');
    await raw.send(whistles, whistle.caseId, JSON.stringify(whistle.event));
    await raw.send(whistles, whistle.caseId, JSON.stringify(whistle.event)); // redelivery of the same event
    // A later whistle on the same case (same key, so same partition, consumed in order): once its
    // summons is stored, the redelivery before it has certainly been consumed as well.
    const barrier = newWhistle([referenceDepartments[0]], whistle);
    await raw.send(whistles, whistle.caseId, JSON.stringify(barrier.event));
    await whenHandled(department, barrier.event.id);
    await summonsInInbox(barrier, 'ganzhou-traffic-police');

    const dead = await observer.waitForMessage(
      'the poison message in whistles.dlq',
      (m) => m.topic === department.topic('whistles.dlq') && m.key === whistle.caseId,
    );
    expect(dead.headers).toMatchObject({
      'dlq-error-code': 'MALFORMED_EVENT',
      'dlq-original-topic': whistles,
    });

    const handled = await database.query('SELECT count(*)::int AS n FROM inbox WHERE event_id = $1', [
      whistle.event.id,
    ]);
    expect(handled[0].n).toBe(1);
    const perDepartment = await database.query(
      'SELECT department_id, count(*)::int AS n FROM summons WHERE whistle_id = $1 GROUP BY department_id ORDER BY department_id',
      [whistle.whistleId],
    );
    expect(perDepartment).toEqual(
      [...Object.keys(whistle.summonsIds)].sort().map((department_id) => ({ department_id, n: 1 })),
    );
    const unlisted = await get(`/summons/${whistle.summonsIds['gaotai-forestry-station']}`);
    expect(unlisted.status).toBe(200);
    expect(unlisted.body).toMatchObject({
      departmentId: 'gaotai-forestry-station',
      status: 'notified',
      caseNo: whistle.caseNo,
    });
  });

  it('gives the new department its own summons on DepartmentReassigned; the declined one stays declined', async () => {
    const whistle = newWhistle();
    await blow(whistle);
    const declinedId = whistle.summonsIds['shangqin-judicial-office'];
    await summonsInInbox(whistle, 'shangqin-judicial-office');
    const declined = await post(
      `/summons/${declinedId}/decline`,
      { reason: 'Mediator on leave' },
      liaisonOf('shangqin-judicial-office'),
    );
    expect(declined.status).toBe(200);

    const newSummonsId = uuidv7();
    const reassignedAt = new Date().toISOString();
    const arrivalDeadline = new Date(Date.now() + 1800_000).toISOString();
    const reassigned = fromDispatch(DepartmentReassigned, {
      caseId: whistle.caseId,
      occurredAt: reassignedAt,
      causationId: whistle.event.id,
      payload: {
        whistleId: whistle.whistleId,
        caseNo: whistle.caseNo,
        fromDepartmentId: 'shangqin-judicial-office',
        fromSummonsId: declinedId,
        to: {
          summonsId: newSummonsId,
          departmentId: 'ganzhou-judicial-bureau',
          departmentName: 'Ganzhou District Judicial Bureau',
          departmentKind: 'judicial_office',
        },
        reason: 'Mediator on leave',
        reassignedAt,
        arrivalDeadline,
      },
    });
    await publishToWhistles(raw, department, reassigned);
    await whenHandled(department, reassigned.id);
    const { body: inbox } = await get('/departments/ganzhou-judicial-bureau/summons?status=notified');
    const created = inbox.items?.find((s: { id: string }) => s.id === newSummonsId);
    expect(created).toMatchObject({
      whistleId: whistle.whistleId,
      caseId: whistle.caseId,
      caseNo: whistle.caseNo,
      departmentId: 'ganzhou-judicial-bureau',
      notifiedAt: reassignedAt,
      arrivalDeadline,
    });
    expect((await get(`/summons/${declinedId}`)).body.status).toBe('declined');
  });

  it('replays an arrive retried with the same Idempotency-Key and emits one event', async () => {
    const whistle = newWhistle();
    await blow(whistle);
    const summonsId = whistle.summonsIds['ganzhou-traffic-police'];
    const key = `arrive-${uuidv7()}`;
    const headers = {
      'idempotency-key': key,
      ...liaisonOf('ganzhou-traffic-police', 'liaison-traffic-2'),
    };

    const first = await post(`/summons/${summonsId}/arrive`, { note: 'on site' }, headers);
    expect(first.status).toBe(200);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const retry = await post(`/summons/${summonsId}/arrive`, { note: 'on site' }, headers);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toEqual(first.body);
    // Without the key the same request is a new attempt, and the summons has already arrived.
    const unkeyed = await post(`/summons/${summonsId}/arrive`, {
      note: 'on site',
    });
    expect(unkeyed.status).toBe(409);
    expect(unkeyed.body.code).toBe('SUMMONS_ALREADY_ARRIVED');

    await observer.waitForMessage(
      'DepartmentArrived of the keyed arrival',
      (m) => m.json?.type === 'DepartmentArrived' && m.json.payload.summonsId === summonsId,
    );
    expect(await outboxCount(database, 'DepartmentArrived', summonsId)).toBe(1);
    expect(
      observer.events('DepartmentArrived').filter((e) => e.payload.summonsId === summonsId),
    ).toHaveLength(1);
  });
});
