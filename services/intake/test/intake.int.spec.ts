import {
  AgreementReached,
  ConfirmationGranted,
  ConfirmationRequested,
  MediationOpened,
  DepartmentArrived,
  SummonsAcknowledged,
  WhistleBlown,
  WhistleCompleted,
  createEvent,
} from '@chuishao/contracts';
import { PersonalDataCipher, uuidv7, type PersonalDataKeys } from '@chuishao/kernel';
import {
  RawProducer,
  TopicObserver,
  as,
  http,
  startService,
  waitFor,
  whenHandled,
  type RunningService,
} from '@chuishao/testing';
import { randomBytes } from 'node:crypto';
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

const clerk = as({ role: 'clerk', subject: 'clerk-7' });
const operator = as('operator');
const mediator = as('mediator');
const ops = as('ops');

/** A key ring of the test's own, so it can check what was written with an independent cipher. */
const keys: PersonalDataKeys = {
  activeKeyId: 'k2026',
  keys: { k2026: randomBytes(32) },
  hashKey: randomBytes(32),
};
const cipher = new PersonalDataCipher(keys);

/** A fresh, well-formed resident ID number and mobile number, so searches match one case only. */
function uniqueIdentity() {
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 10)).join('');
  return { idNumber: `620702${digits(11)}X`, phone: `139${digits(8)}` };
}

describe('intake (real PostgreSQL and Kafka)', () => {
  let intake: RunningService;
  let observer: TopicObserver;
  let db: DataSource;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  /** Sends an event as its producer would, then waits for intake's inbox to have handled it. */
  const deliver = async (topic: string, event: { id: string; caseId: string }) => {
    await raw.send(topic, event.caseId, JSON.stringify(event));
    await whenHandled(intake, event.id);
  };

  beforeAll(async () => {
    intake = await startService(
      'intake',
      (config) => AppModule.forRoot(config, { personalDataKeys: keys }),
      INTAKE_DESCRIPTION,
    );
    db = intake.app.get(DataSource);
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

  it('lists the seeded center network to any signed-in role', async () => {
    const { status, body } = await http(intake.baseUrl, 'GET', '/centers', undefined, as('court'));
    expect(status).toBe(200);
    const anlizha = body.items.find((c: { id: string }) => c.id === 'anlizha-village');
    expect(anlizha).toMatchObject({ tier: 'village', parentId: 'shangqin-town' });
    expect((await http(intake.baseUrl, 'GET', '/centers/anlizha-village', undefined, operator)).status).toBe(
      200,
    );
    expect((await http(intake.baseUrl, 'GET', '/centers')).status).toBe(401);
  });

  it('registers a case and publishes CaseRegistered with masked personal data only', async () => {
    const { status, body } = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase, clerk);
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'registered', caseNo: expect.stringMatching(/^ALZ-\d{4}-\d{6}$/) });
    expect(body.parties[0]).toMatchObject({
      idNumberMasked: '6207**********1234',
      phoneMasked: '139****5678',
    });
    // The answer of a POST is kept for Idempotency-Key replays: masked values only.
    expect(JSON.stringify(body)).not.toMatch(/620702198001011234|13912345678/);

    const message = await observer.waitForMessage('CaseRegistered', (m) => m.json?.caseId === body.id);
    expect(message.key).toBe(body.id);
    expect(message.headers['event-type']).toBe('CaseRegistered');
    expect(message.json).toMatchObject({
      type: 'CaseRegistered',
      version: 2,
      actor: { role: 'clerk', id: 'clerk-7' },
      payload: {
        caseNo: body.caseNo,
        center: { path: ['ganzhou-district', 'shangqin-town', 'anlizha-village'] },
      },
    });
    expect(message.value).not.toMatch(/620702198001011234|13912345678/);
  });

  it('stores ID numbers and phones encrypted, with keyed search hashes, and nowhere in plaintext', async () => {
    const identity = uniqueIdentity();
    const lowerX = identity.idNumber.toLowerCase(); // the clerk typed a lower-case x
    const spacedPhone = `${identity.phone.slice(0, 3)} ${identity.phone.slice(3, 7)}-${identity.phone.slice(7)}`;
    const { status, body: created } = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      {
        ...anlizhaCase,
        parties: [{ role: 'applicant', name: '张某', idNumber: ` ${lowerX}`, phone: spacedPhone }],
      },
      { ...clerk, 'idempotency-key': `encrypted-${uuidv7()}` },
    );
    expect(status).toBe(201);

    const [party] = await db.query(
      `SELECT id_number_masked, phone_masked, id_number_encrypted, id_number_hash, phone_encrypted, phone_hash
         FROM parties WHERE case_id = $1`,
      [created.id],
    );
    expect(party.id_number_masked).toBe(`6207**********${identity.idNumber.slice(-4)}`);
    expect(party.phone_masked).toBe(`139****${identity.phone.slice(-4)}`);
    expect(cipher.keyIdOf(party.id_number_encrypted)).toBe('k2026');
    expect(cipher.decrypt(party.id_number_encrypted)).toBe(identity.idNumber);
    expect(cipher.decrypt(party.phone_encrypted)).toBe(identity.phone);
    expect(party.id_number_hash).toBe(cipher.searchHash(identity.idNumber));
    expect(party.phone_hash).toBe(cipher.searchHash(identity.phone));

    // No full value anywhere in the service's schema: case and party rows, outbox, idempotency
    // answers, audit log, inbox, trail.
    const registered = await observer.waitForMessage(
      'CaseRegistered',
      (m) => m.json?.type === 'CaseRegistered' && m.json.caseId === created.id,
    );
    await whenHandled(intake, registered.json.id); // CaseRegistered back in the case trail
    const [trailRow] = await db.query('SELECT count(*)::int AS n FROM case_trail WHERE case_id = $1', [
      created.id,
    ]);
    expect(trailRow.n).toBe(1);
    const tables: Array<{ table_name: string }> = await db.query(
      `SELECT table_name FROM information_schema.tables
        WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(expect.arrayContaining(['cases', 'parties', 'outbox']));
    for (const { table_name } of tables) {
      const rows: Array<{ row: string }> = await db.query(`SELECT t::text AS row FROM "${table_name}" t`);
      for (const { row } of rows) {
        for (const secret of [
          identity.idNumber,
          lowerX,
          identity.phone,
          spacedPhone,
          identity.idNumber.slice(6, 14),
        ])
          expect({ table: table_name, leaks: row.includes(secret) }).toEqual({
            table: table_name,
            leaks: false,
          });
      }
    }
  });

  it('shows full ID numbers and phones to clerks and mediators, masked ones to everyone else', async () => {
    const { body: created } = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase, clerk);
    for (const reader of [clerk, mediator]) {
      const { status, body } = await http(intake.baseUrl, 'GET', `/cases/${created.id}`, undefined, reader);
      expect(status).toBe(200);
      expect(body.parties[0]).toMatchObject({
        idNumber: '620702198001011234',
        phone: '13912345678',
        idNumberMasked: '6207**********1234',
        phoneMasked: '139****5678',
      });
      expect(body.parties[1]).toMatchObject({ idNumber: null, phone: null, idNumberMasked: null });
    }
    for (const reader of [operator, as('supervisor'), ops]) {
      const { status, body, headers } = await http(
        intake.baseUrl,
        'GET',
        `/cases/${created.id}`,
        undefined,
        reader,
      );
      expect(status).toBe(200);
      expect(body.parties[0]).toMatchObject({
        idNumberMasked: '6207**********1234',
        phoneMasked: '139****5678',
      });
      expect(body.parties[0]).not.toHaveProperty('idNumber');
      expect(body.parties[0]).not.toHaveProperty('phone');
      expect(JSON.stringify(body)).not.toMatch(/620702198001011234|13912345678/);
      expect(headers.get('content-type')).toMatch(/json/);
    }
    const listedByOperator = await http(intake.baseUrl, 'GET', '/cases?limit=200', undefined, operator);
    expect(JSON.stringify(listedByOperator.body)).not.toMatch(/620702198001011234|13912345678/);
    const listedByClerk = await http(intake.baseUrl, 'GET', '/cases?limit=200', undefined, clerk);
    const mine = listedByClerk.body.items.find((c: { id: string }) => c.id === created.id);
    expect(mine.parties[0]).toMatchObject({ idNumber: '620702198001011234', phone: '13912345678' });
  });

  it('finds cases by a party ID number or phone, by keyed hash of the normalised value', async () => {
    const identity = uniqueIdentity();
    const other = uniqueIdentity();
    const { body: first } = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      {
        ...anlizhaCase,
        parties: [
          { role: 'applicant', name: '赵某', idNumber: identity.idNumber },
          { role: 'respondent', name: '钱某', phone: other.phone },
        ],
      },
      clerk,
    );
    const { body: second } = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      {
        ...anlizhaCase,
        parties: [{ role: 'applicant', name: '赵某', idNumber: identity.idNumber, phone: identity.phone }],
      },
      clerk,
    );
    const ids = (body: { items: Array<{ id: string }> }) => body.items.map((c) => c.id);

    const byId = await http(
      intake.baseUrl,
      'GET',
      `/cases?idNumber=${identity.idNumber.toLowerCase()}%20`,
      undefined,
      operator,
    );
    expect(byId.status).toBe(200);
    expect(ids(byId.body)).toEqual([second.id, first.id]); // newest first
    expect(JSON.stringify(byId.body)).not.toContain(identity.idNumber); // an operator sees masked values

    const byPhone = await http(
      intake.baseUrl,
      'GET',
      `/cases?phone=${encodeURIComponent(`+${other.phone.slice(0, 3)} ${other.phone.slice(3)}`)}`,
      undefined,
      clerk,
    );
    expect(ids(byPhone.body)).toEqual([first.id]);
    const both = await http(
      intake.baseUrl,
      'GET',
      `/cases?idNumber=${identity.idNumber}&phone=${identity.phone}`,
      undefined,
      clerk,
    );
    expect(ids(both.body)).toEqual([second.id]);
    const nobody = await http(
      intake.baseUrl,
      'GET',
      `/cases?idNumber=${uniqueIdentity().idNumber}`,
      undefined,
      clerk,
    );
    expect(nobody.body.items).toEqual([]);

    const malformed = await http(intake.baseUrl, 'GET', '/cases?idNumber=12345', undefined, clerk);
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ code: 'ID_NUMBER_INVALID', errors: [{ field: 'idNumber' }] });
    const noDigits = await http(intake.baseUrl, 'GET', '/cases?phone=%2B--', undefined, clerk);
    expect(noDigits.status).toBe(400);
    expect(noDigits.body).toMatchObject({ code: 'PHONE_INVALID', errors: [{ field: 'phone' }] });
    for (const role of ['mediator', 'supervisor', 'ops'] as const) {
      const refused = await http(
        intake.baseUrl,
        'GET',
        `/cases?idNumber=${identity.idNumber}`,
        undefined,
        as(role),
      );
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('PERSONAL_DATA_SEARCH_FORBIDDEN');
    }
  });

  it('answers 400 naming each bad field, and writes nothing', async () => {
    const before = (await http(intake.baseUrl, 'GET', '/cases?limit=200', undefined, clerk)).body.items
      .length;
    const { status, body } = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      { ...anlizhaCase, headcount: 0, parties: [{ role: 'applicant', name: '' }] },
      clerk,
    );
    expect(status).toBe(400);
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.map((e: { field: string }) => e.field).sort()).toEqual([
      'headcount',
      'parties[0].name',
    ]);
    const unknownCenter = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      { ...anlizhaCase, centerId: 'atlantis' },
      clerk,
    );
    expect(unknownCenter.status).toBe(400);
    expect(unknownCenter.body).toMatchObject({ code: 'CENTER_UNKNOWN', errors: [{ field: 'centerId' }] });
    const blank = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      { ...anlizhaCase, summary: ' \n ', parties: [{ role: 'applicant', name: '\t' }] },
      clerk,
    );
    expect(blank.status).toBe(400);
    expect(blank.body.code).toMatch(/_REQUIRED$/);
    const malformed = await http(intake.baseUrl, 'POST', '/cases', '{"centerId":', clerk);
    expect(malformed.status).toBe(400);
    expect((await http(intake.baseUrl, 'GET', '/cases?limit=200', undefined, clerk)).body.items.length).toBe(
      before,
    );
  });

  it('replays the first answer for a repeated Idempotency-Key and registers once', async () => {
    const key = `register-${uuidv7()}`;
    const headers = { ...clerk, 'idempotency-key': key };
    const [first, second] = await Promise.all([
      http(intake.baseUrl, 'POST', '/cases', anlizhaCase, headers),
      http(intake.baseUrl, 'POST', '/cases', anlizhaCase, headers),
    ]);
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(second.body.id).toBe(first.body.id);
    const third = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase, headers);
    expect(third.headers.get('idempotent-replayed')).toBe('true');
    expect(third.body.caseNo).toBe(first.body.caseNo);
    const reused = await http(intake.baseUrl, 'POST', '/cases', { ...anlizhaCase, headcount: 9 }, headers);
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('IDEMPOTENCY_KEY_REUSED');
    await observer.waitForMessage(
      'CaseRegistered of the keyed case',
      (m) => m.json?.caseId === first.body.id,
    );
    expect(observer.events('CaseRegistered').filter((e) => e.caseId === first.body.id)).toHaveLength(1);
  });

  it('reads whistle progress from events, once per event, and dead-letters a malformed message', async () => {
    const { body: created } = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase, clerk);
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
    const readStatus = async () =>
      (await http(intake.baseUrl, 'GET', `/cases/${created.id}`, undefined, operator)).body.status;
    // A poison message first on the same partition (same key): it must not block what follows.
    await raw.send(whistles, created.id, '{"type":"WhistleBlown","oops"');
    await raw.send(whistles, created.id, JSON.stringify(blown));
    await deliver(whistles, blown); // redelivery of the same event
    expect(await readStatus()).toBe('whistled');

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
    await deliver(whistles, completed);
    expect(await readStatus()).toBe('on_site');

    const handled = await db.query(`SELECT count(*)::int AS n FROM inbox WHERE event_id = $1`, [blown.id]);
    expect(handled[0].n).toBe(1);
    // Both WhistleBlown handlers (progress and trail) ran in that one delivery.
    const trailed = await db.query(`SELECT count(*)::int AS n FROM case_trail WHERE event_id = $1`, [
      blown.id,
    ]);
    expect(trailed[0].n).toBe(1);
  });

  it('follows mediation and the court: mediating, agreement, pending, confirmed, then closed once with CaseClosed', async () => {
    const { body: created } = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase, clerk);
    const readCase = async () =>
      (await http(intake.baseUrl, 'GET', `/cases/${created.id}`, undefined, operator)).body;
    const envelope = <T>(payload: T) => ({
      id: uuidv7(),
      occurredAt: new Date(),
      caseId: created.id,
      correlationId: created.id,
      actor: { role: 'system' as const, id: 'test' },
      payload,
    });
    const now = () => new Date().toISOString();
    const mediationId = uuidv7();
    const agreementId = uuidv7();
    const requestId = uuidv7();
    await deliver(
      intake.topic('mediation'),
      createEvent(
        MediationOpened,
        envelope({
          mediationId,
          whistleId: null,
          openedBy: 'hand' as const,
          mediatorId: 'mediator-1',
          participants: ['shangqin-judicial-office'],
          tierLevel: 'grid_worker' as const,
          levelDueAt: now(),
          openedAt: now(),
        }),
      ),
    );
    expect((await readCase()).status).toBe('mediating');
    await deliver(
      intake.topic('mediation'),
      createEvent(
        AgreementReached,
        envelope({
          agreementId,
          mediationId,
          parties: ['王某', '李某'],
          mediatorId: 'mediator-1',
          matters: [{ category: 'compensation' as const, description: 'compensation for the death' }],
          terms: 'the driver pays 300,000 yuan',
          amount: 300000,
          performanceDeadline: null,
          effectiveAt: now(),
        }),
      ),
    );
    expect((await readCase()).status).toBe('agreement_reached');
    const judicial = intake.topic('judicial');
    await deliver(
      judicial,
      createEvent(
        ConfirmationRequested,
        envelope({
          requestId,
          agreementId,
          courtId: 'ganzhou-court',
          consentingParties: ['王某', '李某'],
          requestedAt: now(),
          windowClosesAt: new Date(Date.now() + 30 * 86400_000).toISOString(),
        }),
      ),
    );
    expect((await readCase()).status).toBe('confirmation_pending');
    const granted = createEvent(
      ConfirmationGranted,
      envelope({
        requestId,
        agreementId,
        courtId: 'ganzhou-court',
        courtCaseNumber: '(2026)甘0702民特1号',
        ruledAt: now(),
      }),
    );
    await raw.send(judicial, created.id, JSON.stringify(granted));
    await deliver(judicial, granted); // redelivered: one effect
    const closedCase = await readCase();
    expect(closedCase.status).toBe('closed');
    expect(closedCase.closeReason).toContain('(2026)甘0702民特1号');
    const closed = await observer.waitForMessage(
      'CaseClosed',
      (m) => m.json?.type === 'CaseClosed' && m.json.caseId === created.id,
    );
    expect(closed.json).toMatchObject({ actor: { role: 'system', id: 'intake' }, causationId: granted.id });
    const [{ n }] = await db.query(
      `SELECT count(*)::int AS n FROM outbox WHERE event_type = 'CaseClosed' AND envelope->>'caseId' = $1`,
      [created.id],
    );
    expect(n).toBe(1);
  });

  it("lists a case's audit trail from every topic, in the order things happened", async () => {
    const correlationId = `corr-${uuidv7()}`;
    const { body: created } = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase, {
      ...clerk,
      'x-correlation-id': correlationId,
    });
    const registeredAt = new Date(created.registeredAt).getTime();
    const at = (minutes: number) => new Date(registeredAt + minutes * 60_000);
    const whistleId = uuidv7();
    const summonsId = uuidv7();
    const blown = createEvent(WhistleBlown, {
      id: uuidv7(),
      occurredAt: at(1),
      caseId: created.id,
      correlationId,
      actor: { role: 'operator', id: 'op-1' },
      payload: {
        whistleId,
        caseNo: created.caseNo,
        centerId: 'anlizha-village',
        disputeType: 'road_traffic',
        urgency: 'urgent',
        reason: null,
        blownAt: at(1).toISOString(),
        arrivalDeadline: at(31).toISOString(),
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
    const acknowledged = createEvent(SummonsAcknowledged, {
      id: uuidv7(),
      occurredAt: at(2),
      caseId: created.id,
      correlationId,
      causationId: blown.id,
      actor: { role: 'liaison', id: 'liaison-traffic' },
      payload: { summonsId, whistleId, departmentId: 'traffic', acknowledgedAt: at(2).toISOString() },
    });
    const arrived = createEvent(DepartmentArrived, {
      id: uuidv7(),
      occurredAt: at(20),
      caseId: created.id,
      correlationId,
      causationId: blown.id,
      actor: { role: 'liaison', id: 'liaison-traffic' },
      payload: {
        summonsId,
        whistleId,
        departmentId: 'traffic',
        arrivedAt: at(20).toISOString(),
        note: null,
        location: null,
      },
    });
    // Sent out of order, across two topics: the trail orders by occurredAt, not by arrival.
    await raw.send(intake.topic('department-responses'), created.id, JSON.stringify(arrived));
    await raw.send(intake.topic('department-responses'), created.id, JSON.stringify(acknowledged));
    await raw.send(intake.topic('whistles'), created.id, JSON.stringify(blown));
    await raw.send(intake.topic('whistles'), created.id, JSON.stringify(blown)); // redelivered

    const registered = (
      await observer.waitForMessage(
        'CaseRegistered',
        (m) => m.json?.type === 'CaseRegistered' && m.json.caseId === created.id,
      )
    ).json;
    for (const event of [registered, arrived, acknowledged, blown]) await whenHandled(intake, event.id);
    const { status, body: trail } = await http(
      intake.baseUrl,
      'GET',
      `/cases/${created.id}/audit`,
      undefined,
      ops,
    );
    expect(status).toBe(200);
    expect(trail).toEqual({
      caseId: created.id,
      items: [
        {
          eventId: registered.id,
          type: 'CaseRegistered',
          occurredAt: registered.occurredAt,
          actor: { role: 'clerk', id: 'clerk-7' },
          correlationId,
          causationId: null,
          summary: `anlizha-village registered case ${created.caseNo} (road_traffic, urgent)`,
        },
        {
          eventId: blown.id,
          type: 'WhistleBlown',
          occurredAt: blown.occurredAt,
          actor: { role: 'operator', id: 'op-1' },
          correlationId,
          causationId: null,
          summary: `Whistle blown: traffic to be on site by ${at(31).toISOString()}`,
        },
        {
          eventId: acknowledged.id,
          type: 'SummonsAcknowledged',
          occurredAt: acknowledged.occurredAt,
          actor: { role: 'liaison', id: 'liaison-traffic' },
          correlationId,
          causationId: blown.id,
          summary: 'traffic acknowledged the summons',
        },
        {
          eventId: arrived.id,
          type: 'DepartmentArrived',
          occurredAt: arrived.occurredAt,
          actor: { role: 'liaison', id: 'liaison-traffic' },
          correlationId,
          causationId: blown.id,
          summary: 'traffic reported on site',
        },
      ],
    });
    expect(JSON.stringify(trail)).not.toMatch(/620702198001011234|13912345678/);
    const [row] = await db.query('SELECT topic, version FROM case_trail WHERE event_id = $1', [
      acknowledged.id,
    ]);
    expect(row).toEqual({ topic: 'department-responses', version: 1 });

    expect(
      (await http(intake.baseUrl, 'GET', `/cases/${created.id}/audit`, undefined, as('supervisor'))).status,
    ).toBe(200);
    expect((await http(intake.baseUrl, 'GET', `/cases/${created.id}/audit`, undefined, clerk)).status).toBe(
      403,
    );
    const unknown = await http(intake.baseUrl, 'GET', `/cases/${uuidv7()}/audit`, undefined, ops);
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('CASE_NOT_FOUND');
    expect((await http(intake.baseUrl, 'GET', '/cases/not-a-uuid/audit', undefined, ops)).status).toBe(400);
  });

  it('closes a case once, with CaseClosed in its trail; a second close is a 409', async () => {
    const { body: created } = await http(intake.baseUrl, 'POST', '/cases', anlizhaCase, clerk);
    const closed = await http(
      intake.baseUrl,
      'POST',
      `/cases/${created.id}/close`,
      { reason: ' withdrawn ' },
      clerk,
    );
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closeReason: 'withdrawn' });
    expect(JSON.stringify(closed.body)).not.toMatch(/620702198001011234|13912345678/);
    const again = await http(
      intake.baseUrl,
      'POST',
      `/cases/${created.id}/close`,
      { reason: 'withdrawn' },
      clerk,
    );
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CASE_ALREADY_CLOSED');
    const blank = await http(intake.baseUrl, 'POST', `/cases/${created.id}/close`, { reason: '  ' }, clerk);
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ code: 'CLOSE_REASON_REQUIRED', errors: [{ field: 'reason' }] });
    expect((await http(intake.baseUrl, 'GET', `/cases/${uuidv7()}`, undefined, clerk)).status).toBe(404);
    expect((await http(intake.baseUrl, 'GET', '/cases/not-a-uuid', undefined, clerk)).status).toBe(400);

    const closedEvent = await observer.waitForMessage(
      'CaseClosed',
      (m) => m.json?.type === 'CaseClosed' && m.json.caseId === created.id,
    );
    await whenHandled(intake, closedEvent.json.id); // read back into the trail, like everyone's events
    const scheduled = await observer.waitForMessage(
      'FollowUpScheduled',
      (m) => m.json?.type === 'FollowUpScheduled' && m.json.caseId === created.id,
    );
    await whenHandled(intake, scheduled.json.id);
    const trail = (await http(intake.baseUrl, 'GET', `/cases/${created.id}/audit`, undefined, ops)).body
      .items;
    expect(trail.map((i: { type: string }) => i.type)).toEqual([
      'CaseRegistered',
      'CaseClosed',
      'FollowUpScheduled',
    ]);
    expect(trail[1]).toMatchObject({
      actor: { role: 'clerk', id: 'clerk-7' },
      summary: 'Case closed: withdrawn',
    });
  });

  it('rotates keys: a new active key for new writes, old rows re-encrypted at the next start (runs last: it leaves rows the first instance cannot decrypt)', async () => {
    const identity = uniqueIdentity();
    const { body: before } = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      { ...anlizhaCase, parties: [{ role: 'applicant', name: '孙某', ...identity }] },
      clerk,
    );
    const stored = async (caseId: string) =>
      (
        await db.query('SELECT id_number_encrypted, phone_encrypted FROM parties WHERE case_id = $1', [
          caseId,
        ])
      )[0] as { id_number_encrypted: string; phone_encrypted: string };
    expect(cipher.keyIdOf((await stored(before.id)).id_number_encrypted)).toBe('k2026');

    // PII_KEYS=k2026:…,k2027:… PII_ACTIVE_KEY_ID=k2027, same PII_HASH_KEY: a second instance on
    // the same schema, as after a redeploy.
    const rotatedKeys: PersonalDataKeys = {
      activeKeyId: 'k2027',
      keys: { ...keys.keys, k2027: randomBytes(32) },
      hashKey: keys.hashKey,
    };
    const rotated = await startService(
      'intake',
      (config) => AppModule.forRoot(config, { personalDataKeys: rotatedKeys }),
      INTAKE_DESCRIPTION,
      { env: { DB_SCHEMA: intake.config.database.schema } },
    );
    try {
      const rotatedCipher = new PersonalDataCipher(rotatedKeys);
      await waitFor('the old row re-encrypted under k2027', async () => {
        const row = await stored(before.id);
        return (
          cipher.keyIdOf(row.id_number_encrypted) === 'k2027' &&
          cipher.keyIdOf(row.phone_encrypted) === 'k2027'
        );
      });
      const row = await stored(before.id);
      expect(rotatedCipher.decrypt(row.id_number_encrypted)).toBe(identity.idNumber);
      expect(rotatedCipher.decrypt(row.phone_encrypted)).toBe(identity.phone);

      const read = await http(rotated.baseUrl, 'GET', `/cases/${before.id}`, undefined, clerk);
      expect(read.body.parties[0]).toMatchObject(identity);
      const found = await http(
        rotated.baseUrl,
        'GET',
        `/cases?idNumber=${identity.idNumber}`,
        undefined,
        operator,
      );
      expect(found.body.items.map((c: { id: string }) => c.id)).toEqual([before.id]);
      const { body: after } = await http(rotated.baseUrl, 'POST', '/cases', anlizhaCase, clerk);
      expect(cipher.keyIdOf((await stored(after.id)).phone_encrypted)).toBe('k2027');

      // An instance still on the old ring (a rolling deploy, half done) cannot show full values
      // under k2027: it says so with a 503 to retry, and still serves masked reads.
      const stale = await http(intake.baseUrl, 'GET', `/cases/${before.id}`, undefined, clerk);
      expect(stale.status).toBe(503);
      expect(stale.body.code).toBe('PERSONAL_DATA_KEY_UNAVAILABLE');
      expect(stale.headers.get('retry-after')).toBeTruthy();
      expect(JSON.stringify(stale.body)).not.toContain(identity.idNumber);
      const masked = await http(intake.baseUrl, 'GET', `/cases/${before.id}`, undefined, operator);
      expect(masked.body.parties[0].idNumberMasked).toBe(`6207**********${identity.idNumber.slice(-4)}`);
    } finally {
      await rotated.close();
    }
  });
});
