import { CaseReferred } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { LegalCalendar, months } from '@chuishao/legal-calendar';
import {
  TopicObserver,
  as,
  http,
  startService,
  waitFor,
  whenHandled,
  type Json,
  type RunningService,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import {
  levelDeadlineId,
  performanceDeadlineId,
  timeLimitDeadlineId,
} from '../src/application/ladder-deadlines';
import { AppModule, MEDIATION_DESCRIPTION } from '../src/app.module';
import {
  AS_MEDIATOR,
  AS_SUPERVISOR,
  DEPARTMENTS,
  MEDIATOR,
  PARTIES,
  Script,
  agreementBody,
  sessionBody,
} from './support';

/**
 * Mediation on real PostgreSQL and Kafka: opened by a completed whistle or by hand, sessions, the
 * art. 29 agreement or a failure, and the 四级七天 ladder driven by sla-timer's DeadlineReached
 * (played here by the test, since sla-timer is not running).
 */
describe('mediation (real PostgreSQL and Kafka)', () => {
  let mediation: RunningService;
  let observer: TopicObserver;
  const script = new Script(() => mediation);

  const query = (sql: string, params: unknown[] = []) => mediation.app.get(DataSource).query(sql, params);
  const call = (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = AS_MEDIATOR,
  ) => http(mediation.baseUrl, method, path, body, headers);
  /** What this service wrote to its outbox about a case, in commit order. */
  const emitted = async (caseId: string): Promise<Json[]> =>
    (await query(`SELECT envelope FROM outbox WHERE envelope->>'caseId' = $1 ORDER BY seq`, [caseId])).map(
      (r: { envelope: Json }) => r.envelope,
    );
  const typesOf = async (caseId: string) => (await emitted(caseId)).map((e) => e.type);
  const onKafka = (caseId: string, type: string) =>
    observer.events(type).filter((e: Json) => e.caseId === caseId);

  const knownCase = (caseId: string) =>
    waitFor(
      'mediation to learn the case',
      async () => (await query('SELECT 1 FROM known_cases WHERE case_id = $1', [caseId])).length === 1,
    );
  const mediationsOf = async (caseId: string) =>
    (await call('GET', `/cases/${caseId}/mediations`)).body.items;
  const openedOn = (caseId: string) =>
    waitFor('the mediation to open', async () => (await mediationsOf(caseId))[0]);

  beforeAll(async () => {
    mediation = await startService(
      'mediation',
      // The village's mediator on duty takes whistled cases there.
      (config) =>
        AppModule.forRoot(config, {
          settings: { defaultMediators: { 'anlizha-village': MEDIATOR.subject } },
        }),
      MEDIATION_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [
      mediation.topic('mediation'),
      mediation.topic('sla'),
    ]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await script.stop();
    await mediation?.close();
  });

  it('reference case: a completed whistle opens one mediation; two sessions lead to a signed agreement', async () => {
    const caseId = await script.registerCase();
    await knownCase(caseId);
    const completed = script.whistleCompleted(caseId);
    await script.send(completed, 'whistles');
    await script.send(completed, 'whistles'); // redelivered: the inbox makes it one

    const opened = await openedOn(caseId);
    expect(opened).toMatchObject({
      caseId,
      whistleId: completed.payload.whistleId,
      openedBy: 'whistle',
      mediatorId: MEDIATOR.subject,
      participants: DEPARTMENTS,
      state: 'open',
      tierLevel: 'grid_worker',
    });
    // The whole mediation has a month on the legal calendar (the corresponding day of next month, or
    // the next working day after it).
    expect(opened.timeLimitDueAt).toBe(
      new LegalCalendar().endOf(new Date(opened.openedAt), months(1)).dueAt.toISOString(),
    );
    // On its mediator's desk, with the case number; not on another mediator's.
    const desk = await call('GET', '/mediations?state=open&limit=200');
    expect(desk.body.items.find((m: Json) => m.id === opened.id)).toMatchObject({
      caseId,
      caseNo: expect.any(String),
    });
    const other = await call(
      'GET',
      '/mediations?state=open&limit=200',
      undefined,
      as({ role: 'mediator', subject: 'mediator-li' }),
    );
    expect(other.body.items.some((m: Json) => m.id === opened.id)).toBe(false);
    expect((await call('GET', '/mediations?state=maybe')).status).toBe(400);
    // Its first level's deadline goes to sla-timer, addressed back to us.
    const scheduled = await observer.waitForMessage(
      'the grid worker deadline',
      (m) =>
        m.json?.type === 'DeadlineScheduled' &&
        m.json.payload.subjectId === opened.id &&
        m.json.payload.kind === 'mediation.level',
    );
    expect(scheduled.json).toMatchObject({
      caseId,
      payload: {
        deadlineId: levelDeadlineId(opened.id, 'grid_worker'),
        owner: 'mediation',
        kind: 'mediation.level',
        dueAt: opened.levelDueAt,
        context: { level: 'grid_worker' },
      },
    });

    const first = await call('POST', `/mediations/${opened.id}/sessions`, sessionBody('情'));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      level: 'sentiment',
      mediatorId: MEDIATOR.subject,
      tierLevel: 'grid_worker',
    });
    const second = await call(
      'POST',
      `/mediations/${opened.id}/sessions`,
      sessionBody('law', {
        startedAt: new Date(Date.now() - 150 * 60_000).toISOString(),
        endedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
      }),
    );
    expect(second.status).toBe(201);

    const key = { ...AS_MEDIATOR, 'idempotency-key': `agreement-${opened.id}` };
    const body = agreementBody();
    const agreed = await call('POST', `/mediations/${opened.id}/agreement`, body, key);
    expect(agreed.status).toBe(201);
    expect(agreed.body.id).toEqual(expect.any(String));
    expect(agreed.body.effectiveAt).toBe(body.mediatorSignature.signedAt); // the last signature
    // A retry with the same key answers the same agreement, with no second effect.
    const retried = await call('POST', `/mediations/${opened.id}/agreement`, body, key);
    expect({ status: retried.status, id: retried.body.id }).toEqual({ status: 201, id: agreed.body.id });

    const reached = await observer.waitForMessage(
      'AgreementReached',
      (m) => m.json?.type === 'AgreementReached' && m.json.caseId === caseId,
    );
    expect(reached.json).toMatchObject({
      actor: { role: 'mediator', id: MEDIATOR.subject },
      payload: {
        agreementId: agreed.body.id,
        mediationId: opened.id,
        parties: PARTIES,
        mediatorId: MEDIATOR.subject,
        matters: body.mattersInDispute,
        terms: body.terms,
        amount: 520000,
        performanceDeadline: body.performance.deadline,
        effectiveAt: body.mediatorSignature.signedAt,
      },
    });
    // No ID number or phone of a party leaves the service.
    expect(JSON.stringify(await emitted(caseId))).not.toMatch(/\*{4}/);
    expect(await typesOf(caseId)).toEqual([
      'MediationOpened',
      'DeadlineScheduled',
      'DeadlineScheduled',
      'MediationSessionRecorded',
      'MediationSessionRecorded',
      'AgreementReached',
      'DeadlineCancelled',
      'DeadlineCancelled',
      'DeadlineScheduled',
    ]);
    // The time limit's deadline went to sla-timer with the level's, and is cancelled with it; the
    // agreement's performance deadline is timed from the agreement on.
    expect(
      (await emitted(caseId))
        .filter((e) => e.type.startsWith('Deadline'))
        .map((e) => [e.type, e.payload.deadlineId, e.payload.dueAt ?? null]),
    ).toEqual([
      ['DeadlineScheduled', levelDeadlineId(opened.id, 'grid_worker'), opened.levelDueAt],
      ['DeadlineScheduled', timeLimitDeadlineId(opened.id), opened.timeLimitDueAt],
      ['DeadlineCancelled', levelDeadlineId(opened.id, 'grid_worker'), null],
      ['DeadlineCancelled', timeLimitDeadlineId(opened.id), null],
      ['DeadlineScheduled', performanceDeadlineId(opened.id), body.performance.deadline],
    ]);
    const cancelled = (await emitted(caseId)).find((e) => e.type === 'DeadlineCancelled');
    expect(cancelled.payload).toEqual({
      deadlineId: levelDeadlineId(opened.id, 'grid_worker'),
      owner: 'mediation',
    });

    const read = await call('GET', `/mediations/${opened.id}`, undefined, AS_SUPERVISOR);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      state: 'agreed',
      mediatorId: MEDIATOR.subject,
      agreementId: agreed.body.id,
      sessionCount: 2,
      agreement: { id: agreed.body.id, partySignatures: body.partySignatures },
    });
    expect(read.body.sessions.map((s: Json) => s.level)).toEqual(['sentiment', 'law']);

    // Another WhistleCompleted of the same whistle (a new event id, not a redelivery) opens nothing.
    const again = script.whistleCompleted(caseId, DEPARTMENTS, completed.payload.whistleId);
    await script.send(again, 'whistles');
    await whenHandled(mediation, again.id);
    expect(await mediationsOf(caseId)).toHaveLength(1);
    expect(onKafka(caseId, 'MediationOpened')).toHaveLength(1);
  });

  it('a failed mediation refers the parties to litigation and takes nothing more', async () => {
    const caseId = await script.registerCase();
    await knownCase(caseId);
    const opened = await call('POST', `/cases/${caseId}/mediations`, {
      participants: ['shangqin-judicial-office'],
      level: 'town_center', // brought straight to the town
    });
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({
      openedBy: 'hand',
      mediatorId: MEDIATOR.subject,
      whistleId: null,
      tierLevel: 'town_center',
    });
    // One mediation at a time per case.
    const twice = await call('POST', `/cases/${caseId}/mediations`, {});
    expect({ status: twice.status, code: twice.body.code }).toEqual({
      status: 409,
      code: 'MEDIATION_ALREADY_OPEN',
    });
    // A whistle completing meanwhile joins no second table.
    const completed = script.whistleCompleted(caseId);
    await script.send(completed, 'whistles');
    await whenHandled(mediation, completed.id);
    expect(await mediationsOf(caseId)).toHaveLength(1);

    const id = opened.body.id as string;
    expect((await call('POST', `/mediations/${id}/sessions`, sessionBody('理'))).status).toBe(201);
    const failed = await call('POST', `/mediations/${id}/fail`, {
      reason: 'The families could not agree on the amount',
    });
    expect(failed.status).toBe(200);
    expect(failed.body).toMatchObject({
      state: 'failed',
      failure: { reason: 'The families could not agree on the amount', referral: 'litigation' },
    });
    const event = await observer.waitForMessage(
      'MediationFailed',
      (m) => m.json?.type === 'MediationFailed' && m.json.caseId === caseId,
    );
    expect(event.json.payload).toMatchObject({
      mediationId: id,
      referral: 'litigation',
      tierLevel: 'town_center',
    });
    const deadlines = (await emitted(caseId)).filter((e) => e.type.startsWith('Deadline'));
    expect(deadlines.map((e) => [e.type, e.payload.deadlineId])).toEqual([
      ['DeadlineScheduled', levelDeadlineId(id, 'town_center')],
      ['DeadlineScheduled', timeLimitDeadlineId(id)],
      ['DeadlineCancelled', levelDeadlineId(id, 'town_center')],
      ['DeadlineCancelled', timeLimitDeadlineId(id)],
    ]);
    expect(await typesOf(caseId)).toEqual([
      'MediationOpened',
      'DeadlineScheduled',
      'DeadlineScheduled',
      'MediationSessionRecorded',
      'MediationFailed',
      'DeadlineCancelled',
      'DeadlineCancelled',
    ]);

    for (const [path, body] of [
      [`/mediations/${id}/agreement`, agreementBody()],
      [`/mediations/${id}/sessions`, sessionBody('法')],
      [`/mediations/${id}/fail`, { reason: 'again' }],
    ] as const) {
      const refused = await call('POST', path, body);
      expect({ path, status: refused.status, code: refused.body.code }).toEqual({
        path,
        status: 409,
        code: 'MEDIATION_CLOSED',
      });
    }
    expect(await typesOf(caseId)).toHaveLength(7);
  });

  it('an agreement missing art. 29 content or a signature is refused with 400 naming what is missing', async () => {
    const caseId = await script.registerCase([...PARTIES, '张某']);
    await knownCase(caseId);
    const opened = await call('POST', `/cases/${caseId}/mediations`, {});
    const id = opened.body.id as string;
    expect((await call('POST', `/mediations/${id}/sessions`, sessionBody('sentiment'))).status).toBe(201);
    const before = await typesOf(caseId);

    const empty = await call('POST', `/mediations/${id}/agreement`, {});
    expect(empty.status).toBe(400);
    expect(empty.body.errors.map((e: Json) => e.field).sort()).toEqual(
      [
        'amount',
        'facts',
        'mattersInDispute',
        'mediatorSignature',
        'partySignatures',
        'performance',
        'responsibilities',
        'terms',
      ].sort(),
    );

    const partial = agreementBody({ performance: { deadline: null }, mediatorSignature: { mediator: 'x' } });
    delete (partial as Record<string, unknown>).facts;
    const nested = await call('POST', `/mediations/${id}/agreement`, partial);
    expect(nested.status).toBe(400);
    expect(nested.body.errors.map((e: Json) => e.field).sort()).toEqual(
      ['facts', 'mediatorSignature.signedAt', 'performance.manner'].sort(),
    );

    for (const amount of [12.345, -1, 1.5e-7, '500']) {
      const odd = await call('POST', `/mediations/${id}/agreement`, agreementBody({ amount }));
      expect({ amount, status: odd.status, fields: odd.body.errors?.map((e: Json) => e.field) }).toEqual({
        amount,
        status: 400,
        fields: ['amount'],
      });
    }

    // 张某 is a party of this case and did not sign.
    const unsigned = await call('POST', `/mediations/${id}/agreement`, agreementBody());
    expect(unsigned.status).toBe(400);
    expect(unsigned.body).toMatchObject({
      code: 'PARTY_SIGNATURE_MISSING',
      errors: [{ field: 'partySignatures', reason: expect.stringContaining('张某') }],
    });
    const stranger = await call(
      'POST',
      `/mediations/${id}/agreement`,
      agreementBody({
        partySignatures: [
          ...agreementBody().partySignatures,
          { party: '赵某', signedAt: new Date().toISOString() },
        ],
      }),
    );
    expect(stranger.body).toMatchObject({
      code: 'SIGNATURE_NOT_A_PARTY',
      errors: [{ field: 'partySignatures[2].party' }],
    });
    const otherMediator = await call(
      'POST',
      `/mediations/${id}/agreement`,
      agreementBody({
        partySignatures: [...PARTIES, '张某'].map((party) => ({ party, signedAt: new Date().toISOString() })),
        mediatorSignature: { mediator: 'mediator-wu', signedAt: new Date().toISOString() },
      }),
    );
    expect(otherMediator.body).toMatchObject({
      code: 'MEDIATOR_SIGNATURE_MISMATCH',
      errors: [{ field: 'mediatorSignature.mediator' }],
    });

    // Nothing was written by any refusal; the mediation is still open.
    expect(await typesOf(caseId)).toEqual(before);
    expect((await call('GET', `/mediations/${id}`)).body).toMatchObject({ state: 'open', agreement: null });
  });

  it('a missed level deadline raises the mediation once, even when DeadlineReached comes twice', async () => {
    const caseId = await script.registerCase();
    await knownCase(caseId);
    await script.send(script.whistleCompleted(caseId), 'whistles');
    const opened = await openedOn(caseId);
    const scheduled = await observer.waitForMessage(
      'the grid worker deadline',
      (m) =>
        m.json?.type === 'DeadlineScheduled' &&
        m.json.payload.subjectId === opened.id &&
        m.json.payload.kind === 'mediation.level',
    );

    // Another owner's deadline about the same subject id is none of ours.
    const foreign = script.deadlineReached(caseId, {
      ...scheduled.json.payload,
      owner: 'judicial-confirmation',
    });
    await script.send(foreign, 'sla');
    const reached = script.deadlineReached(caseId, scheduled.json.payload);
    await script.send(reached, 'sla');
    await script.send(reached, 'sla'); // the same message redelivered
    const copy = script.deadlineReached(caseId, scheduled.json.payload); // and sla-timer saying it again
    await script.send(copy, 'sla');
    for (const event of [foreign, reached, copy]) await whenHandled(mediation, event.id);

    const raised = (await emitted(caseId)).filter((e) => e.type === 'MediationLevelRaised');
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({
      causationId: reached.id,
      actor: { role: 'system', id: 'mediation' },
      payload: {
        mediationId: opened.id,
        fromLevel: 'grid_worker',
        toLevel: 'village_committee',
        reason: 'deadline_missed',
        missedDueAt: opened.levelDueAt,
      },
    });
    const next = await observer.waitForMessage(
      'the village committee deadline',
      (m) =>
        m.json?.type === 'DeadlineScheduled' &&
        m.json.payload.subjectId === opened.id &&
        m.json.payload.context.level === 'village_committee',
    );
    expect(next.json.payload).toMatchObject({
      deadlineId: levelDeadlineId(opened.id, 'village_committee'),
      dueAt: raised[0].payload.levelDueAt,
    });
    await waitFor(
      'MediationLevelRaised on Kafka',
      () => onKafka(caseId, 'MediationLevelRaised').length === 1,
    );

    const read = (await call('GET', `/mediations/${opened.id}`)).body;
    expect(read).toMatchObject({ state: 'open', tierLevel: 'village_committee' });
    expect(read.levels.map((l: Json) => [l.level, l.missedAt !== null])).toEqual([
      ['grid_worker', true],
      ['village_committee', false],
    ]);

    // Agreement or failure now cancels the village committee's deadline, not the grid worker's.
    await call('POST', `/mediations/${opened.id}/fail`, {
      reason: 'Referred to the court',
      referral: 'litigation',
    });
    const cancelled = (await emitted(caseId)).filter((e) => e.type === 'DeadlineCancelled');
    expect(cancelled.map((e) => e.payload.deadlineId)).toEqual([
      levelDeadlineId(opened.id, 'village_committee'),
      timeLimitDeadlineId(opened.id),
    ]);
  });

  it('the time limit passing with the mediation open is recorded once (and announced to nobody yet)', async () => {
    const caseId = await script.registerCase();
    await knownCase(caseId);
    await script.send(script.whistleCompleted(caseId), 'whistles');
    const opened = await openedOn(caseId);
    const scheduled = await observer.waitForMessage(
      'the time-limit deadline',
      (m) =>
        m.json?.type === 'DeadlineScheduled' &&
        m.json.payload.subjectId === opened.id &&
        m.json.payload.kind === 'mediation.time-limit',
    );
    expect(scheduled.json.payload).toMatchObject({
      deadlineId: timeLimitDeadlineId(opened.id),
      owner: 'mediation',
      dueAt: opened.timeLimitDueAt,
    });
    const handled = async (ids: string[]) => {
      for (const id of ids) await whenHandled(mediation, id);
    };
    const before = await typesOf(caseId);
    const first = script.deadlineReached(caseId, scheduled.json.payload);
    await script.send(first, 'sla');
    await handled([first.id]);
    const missedAt = (await call('GET', `/mediations/${opened.id}`)).body.timeLimitMissedAt;
    expect(missedAt).not.toBeNull();
    const again = script.deadlineReached(caseId, scheduled.json.payload); // sla-timer saying it again
    await script.send(again, 'sla');
    await handled([first.id, again.id]);
    expect((await call('GET', `/mediations/${opened.id}`)).body).toMatchObject({
      state: 'open',
      tierLevel: 'grid_worker',
      timeLimitMissedAt: missedAt,
    });
    expect(await typesOf(caseId)).toEqual(before); // recorded here, nothing emitted
  });

  it('answers 404 for an unknown mediation or case, and lists nothing for a case without one', async () => {
    const unknown = uuidv7();
    expect((await call('GET', `/mediations/${unknown}`)).body.code).toBe('MEDIATION_NOT_FOUND');
    expect((await call('POST', `/mediations/${unknown}/sessions`, sessionBody('情'))).status).toBe(404);
    const noCase = await call('POST', `/cases/${unknown}/mediations`, {});
    expect({ status: noCase.status, code: noCase.body.code }).toEqual({
      status: 404,
      code: 'CASE_NOT_FOUND',
    });
    expect(await mediationsOf(unknown)).toEqual([]);
  });

  it('follows a referral: the case is the receiving center’s, whose supervisors may step in', async () => {
    const caseId = await script.registerCase();
    await knownCase(caseId);
    const town = {
      id: 'shangqin-town',
      name: 'Shangqin',
      tier: 'town' as const,
      path: ['ganzhou-district', 'shangqin-town'],
    };
    const referred = script.event(CaseReferred, caseId, {
      caseNo: `ALZ-${caseId.slice(-6)}`,
      direction: 'up',
      from: {
        id: 'anlizha-village',
        name: 'Anlizha',
        tier: 'village',
        path: [...town.path, 'anlizha-village'],
      },
      to: town,
      reason: 'two villages involved',
      referredAt: new Date().toISOString(),
    });
    await script.send(referred, 'cases');
    await whenHandled(mediation, referred.id);
    expect(
      await query('SELECT center_id, center_path FROM known_cases WHERE case_id = $1', [caseId]),
    ).toEqual([{ center_id: 'shangqin-town', center_path: ['ganzhou-district', 'shangqin-town'] }]);
  });
});
