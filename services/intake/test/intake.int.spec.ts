import { WhistleBlown, WhistleCompleted, createEvent } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import {
  RawProducer,
  TopicObserver,
  http,
  startService,
  waitFor,
  type RunningService,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

const anlizhaCase = {
  centerId: 'anlizha-village',
  channel: 'petition',
  disputeType: 'road_traffic',
  summary: 'A villager petitions after his daughter died in a road accident.',
  headcount: 5,
  urgency: 'urgent',
  parties: [
    { role: 'applicant', name: '王某', idNumber: '620702198001011234', phone: '13912345678' },
    { role: 'respondent', name: '李某' },
  ],
};

describe('intake (real PostgreSQL and Kafka)', () => {
  let intake: RunningService;
  let observer: TopicObserver;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);

  beforeAll(async () => {
    intake = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION);
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [
      intake.topic('cases'),
      intake.topic('whistles.dlq'),
    ]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await raw.stop();
    await intake?.close();
  });

  it('lists the seeded center network', async () => {
    const { status, body } = await http(intake.baseUrl, 'GET', '/centers');
    expect(status).toBe(200);
    const anlizha = body.items.find((c: { id: string }) => c.id === 'anlizha-village');
    expect(anlizha).toMatchObject({ tier: 'village', parentId: 'shangqin-town' });
  });

  it('registers a case and publishes CaseRegistered with masked personal data only', async () => {
    const { status, body } = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase, {
      'x-actor-id': 'clerk-7',
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'registered', caseNo: expect.stringMatching(/^ALZ-\d{4}-\d{6}$/) });
    expect(body.parties[0]).toMatchObject({
      idNumberMasked: '6207**********1234',
      phoneMasked: '139****5678',
    });

    const message = await observer.waitForMessage('CaseRegistered', (m) => m.json?.caseId === body.id);
    expect(message.key).toBe(body.id);
    expect(message.headers['event-type']).toBe('CaseRegistered');
    expect(message.json).toMatchObject({
      type: 'CaseRegistered',
      version: 1,
      actor: { role: 'clerk', id: 'clerk-7' },
      payload: {
        caseNo: body.caseNo,
        center: { path: ['ganzhou-district', 'shangqin-town', 'anlizha-village'] },
      },
    });
    expect(message.value).not.toMatch(/620702198001011234|13912345678/);
  });

  it('answers 400 naming each bad field, and writes nothing', async () => {
    const before = (await http(intake.baseUrl, 'GET', '/cases?limit=200')).body.items.length;
    const { status, body } = await http(intake.baseUrl, 'POST', '/cases', {
      ...anlizhaCase,
      headcount: 0,
      parties: [{ role: 'applicant', name: '' }],
    });
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'headcount',
      'parties[0].name',
    ]);
    const unknownCenter = await http(intake.baseUrl, 'POST', '/cases', {
      ...anlizhaCase,
      centerId: 'atlantis',
    });
    expect(unknownCenter.status).toBe(400);
    expect(unknownCenter.body).toMatchObject({ code: 'CENTER_UNKNOWN', errors: [{ field: 'centerId' }] });
    const malformed = await http(intake.baseUrl, 'POST', '/cases', '{"centerId":');
    expect(malformed.status).toBe(400);
    expect((await http(intake.baseUrl, 'GET', '/cases?limit=200')).body.items.length).toBe(before);
  });

  it('replays the first answer for a repeated Idempotency-Key and registers once', async () => {
    const key = `register-${uuidv7()}`;
    const [first, second] = await Promise.all([
      http(intake.baseUrl, 'POST', '/cases', anlizhaCase, { 'idempotency-key': key }),
      http(intake.baseUrl, 'POST', '/cases', anlizhaCase, { 'idempotency-key': key }),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    const third = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase, { 'idempotency-key': key });
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect(third.body.caseNo).toBe(first.body.caseNo);
    const reused = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      { ...anlizhaCase, headcount: 9 },
      { 'idempotency-key': key },
    );
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await observer.waitForMessage(
      'CaseRegistered of the keyed case',
      (m) => m.json?.caseId === first.body.id,
    );
    expect(observer.events('CaseRegistered').filter((e) => e.caseId === first.body.id)).toHaveLength(1);
  });

  it('reads whistle progress from events, once per event, and dead-letters a malformed message', async () => {
    const { body: created } = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase);
    const whistleId = uuidv7();
    const summonsId = uuidv7();
    const blown = createEvent(WhistleBlown, {
      id: uuidv7(),
      occurredAt: new Date(),
      caseId: created.id,
      correlationId: created.id,
      actor: { role: 'operator', id: 'op-1' },
      payload: {
        whistleId,
        caseNo: created.caseNo,
        centerId: 'anlizha-village',
        disputeType: 'road_traffic',
        urgency: 'urgent',
        reason: null,
        blownAt: new Date().toISOString(),
        arrivalDeadline: new Date(Date.now() + 1800_000).toISOString(),
        slaSeconds: 1800,
        summons: [
          {
            summonsId,
            departmentId: 'traffic',
            departmentName: 'Traffic police',
            departmentKind: 'traffic_police',
          },
        ],
      },
    });
    const whistles = intake.topic('whistles');
    // A poison message first on the same partition (same key): it must not block what follows.
    await raw.send(whistles, created.id, '{"type":"WhistleBlown","oops"');
    await raw.send(whistles, created.id, JSON.stringify(blown));
    await raw.send(whistles, created.id, JSON.stringify(blown)); // redelivery of the same event
    await waitFor(
      'case whistled',
      async () => (await http(intake.baseUrl, 'GET', `/cases/${created.id}`)).body.status === 'whistled',
    );

    const dead = await observer.waitForMessage(
      'the poison message in whistles.dlq',
      (m) => m.topic === intake.topic('whistles.dlq'),
    );
    expect(dead.headers).toMatchObject({
      'dlq-error-code': 'MALFORMED_EVENT',
      'dlq-original-topic': whistles,
    });

    const completed = createEvent(WhistleCompleted, {
      id: uuidv7(),
      occurredAt: new Date(),
      caseId: created.id,
      correlationId: created.id,
      causationId: blown.id,
      actor: { role: 'system', id: 'dispatch' },
      payload: {
        whistleId,
        completedAt: new Date().toISOString(),
        arrivals: [{ summonsId, departmentId: 'traffic', arrivedAt: new Date().toISOString() }],
      },
    });
    await raw.send(whistles, created.id, JSON.stringify(completed));
    await waitFor(
      'case on site',
      async () => (await http(intake.baseUrl, 'GET', `/cases/${created.id}`)).body.status === 'on_site',
    );

    const handled = await intake.app
      .get(DataSource)
      .query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [blown.id]);
    expect(handled[0].n).toBe(1);
  });

  it('closes a case once; a second close is a 409', async () => {
    const { body: created } = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase);
    const closed = await http(intake.baseUrl, 'POST', `/cases/${created.id}/close`, { reason: 'withdrawn' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('closed');
    const again = await http(intake.baseUrl, 'POST', `/cases/${created.id}/close`, { reason: 'withdrawn' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CASE_ALREADY_CLOSED');
    expect((await http(intake.baseUrl, 'GET', `/cases/${uuidv7()}`)).status).toBe(404);
    expect((await http(intake.baseUrl, 'GET', '/cases/not-a-uuid')).status).toBe(400);
  });
});
