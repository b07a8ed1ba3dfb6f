import { FixedClock } from '@chuishao/kernel';
import { TopicObserver, as, http, startService, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

const ops = as({ role: 'ops', subject: 'ops-1' });
const villageClerk = as({ role: 'clerk', subject: 'clerk-anlizha', centerId: 'anlizha-village' });
const villageOperator = as({ role: 'operator', subject: 'op-anlizha', centerId: 'anlizha-village' });
const PHONE = '13909361234';
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

type Json = Record<string, unknown>;

/**
 * Civic intake through Open311 GeoReport v2 (issue #20 item 6): a client with an API key issued
 * by ops submits a dispute as a form; it becomes a case in its center's queue (CaseRegistered,
 * channel open311), reads back in Open311 terms, and errors come as GeoReport's array.
 */
describe('intake: Open311 GeoReport v2 (real PostgreSQL and Kafka)', () => {
  let intake: RunningService;
  let observer: TopicObserver;
  let apiKey: string;
  let clientId: string;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    intake = await startService(
      'intake',
      (config) => AppModule.forRoot(config, { clock }),
      INTAKE_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [intake.topic('cases')]).start();
    const issued = await http(
      intake.baseUrl,
      'POST',
      '/open311-clients',
      { name: '12345 热线', centerId: 'anlizha-village' },
      ops,
    );
    expect(issued.status).toBe(201);
    ({ apiKey, id: clientId } = issued.body as { apiKey: string; id: string });
  });

  afterAll(async () => {
    await observer?.stop();
    await intake?.close();
  });

  const form = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
    http(intake.baseUrl, 'POST', '/open311/v2/requests.json', new URLSearchParams(fields).toString(), {
      ...FORM,
      ...headers,
    });
  const get = (path: string) => http(intake.baseUrl, 'GET', path, undefined);
  const db = () => intake.app.get(DataSource);
  const neighbourRequest = (description: string) => ({
    api_key: apiKey,
    service_code: 'TJ-102',
    address_string: '安立寨村二社',
    description,
    first_name: '小明',
    last_name: '王',
    phone: PHONE,
    email: 'wang@example.cn',
  });

  it('lists one service per dispute type, without a key', async () => {
    const services = await get('/open311/v2/services.json');
    expect(services.status).toBe(200);
    expect(services.body).toContainEqual({
      service_code: 'TJ-102',
      service_name: '邻里纠纷',
      description: expect.any(String),
      metadata: false,
      type: 'realtime',
      keywords: expect.any(String),
      group: '邻里关系',
    });
    expect((await get('/open311/v2/services.xml')).status).toBe(400);
  });

  it('registers a form-encoded request as a case in the center’s queue, and replays its Idempotency-Key', async () => {
    const sent = await form(neighbourRequest('邻居在巷道堆放杂物'), { 'idempotency-key': 'o311-1' });
    expect(sent.status).toBe(200);
    const [answer] = sent.body as Json[];
    expect(answer).toMatchObject({ service_request_id: expect.any(String), account_id: null });
    const id = answer.service_request_id as string;
    expect(answer.service_notice).toContain('ALZ-');

    const replay = await form(neighbourRequest('邻居在巷道堆放杂物'), { 'idempotency-key': 'o311-1' });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect((replay.body as Json[])[0].service_request_id).toBe(id);

    const registered = await observer.waitForMessage(
      'CaseRegistered',
      (m) => m.json?.type === 'CaseRegistered' && m.json.caseId === id,
    );
    expect(registered.json).toMatchObject({
      actor: { role: 'system', id: `open311:${clientId}` },
      payload: {
        channel: 'open311',
        disputeType: 'neighbour',
        center: { id: 'anlizha-village' },
        parties: [{ role: 'applicant', name: '王小明', phoneMasked: '139****1234' }],
      },
    });
    expect(JSON.stringify(registered.json)).not.toContain(PHONE);
    const queue = await http(
      intake.baseUrl,
      'GET',
      '/cases?centerId=anlizha-village&status=registered',
      undefined,
      villageOperator,
    );
    expect((queue.body as { items: Json[] }).items.map((c) => c.id)).toContain(id);
    const found = await http(intake.baseUrl, 'GET', `/cases?phone=${PHONE}`, undefined, villageClerk);
    expect((found.body as { items: Json[] }).items.map((c) => c.id)).toContain(id);
    const atRest = JSON.stringify(
      await db().query(
        'SELECT * FROM parties p JOIN open311_requests r ON r.case_id = p.case_id WHERE p.case_id = $1',
        [id],
      ),
    );
    expect(atRest).not.toContain(PHONE);
    expect(atRest).not.toContain('wang@example.cn');
    expect(await db().query('SELECT * FROM open311_clients')).not.toContainEqual(
      expect.objectContaining({ key_hash: apiKey }),
    );
    expect(JSON.stringify(await db().query('SELECT * FROM open311_clients'))).not.toContain(apiKey);

    // The same request again without a key: the natural duplicate guard answers the first one.
    const again = await form(neighbourRequest('邻居在巷道堆放杂物'));
    expect((again.body as Json[])[0].service_request_id).toBe(id);
    expect(await db().query('SELECT 1 FROM open311_requests WHERE client_id = $1', [clientId])).toHaveLength(
      1,
    );
    // Sent twice at the same instant, the two take turns and answer one request.
    const twins = await Promise.all([form(neighbourRequest('同时两次')), form(neighbourRequest('同时两次'))]);
    expect(new Set(twins.map((t) => (t.body as Json[])[0].service_request_id)).size).toBe(1);
  });

  it('reads its requests back in Open311 terms, by id and filtered, and never a clerk’s case', async () => {
    const sent = await http(intake.baseUrl, 'POST', '/open311/v2/requests.json', {
      ...neighbourRequest('噪音扰民'),
      service_code: 'TJ-501',
      lat: '36.08',
      long: '103.84',
      address_string: '',
    });
    expect(sent.status).toBe(200);
    const id = (sent.body as Json[])[0].service_request_id as string;
    const one = await get(`/open311/v2/requests/${id}.json?api_key=${apiKey}`);
    expect(one.status).toBe(200);
    expect((one.body as Json[])[0]).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: '已登记，等待受理',
      service_code: 'TJ-501',
      service_name: '环境污染纠纷',
      description: '噪音扰民',
      lat: 36.08,
      long: 103.84,
      requested_datetime: expect.any(String),
      updated_datetime: expect.any(String),
    });
    expect(JSON.stringify(one.body)).not.toContain('王小明');

    const list = async (query: string) =>
      ((await get(`/open311/v2/requests.json?api_key=${apiKey}&${query}`)).body as Json[]).map(
        (r) => r.service_request_id,
      );
    expect(await list('')).toContain(id);
    expect(await list('service_code=TJ-501')).toEqual([id]);
    expect(await list(`service_request_id=${id},not-an-id`)).toEqual([id]);
    expect(await list('status=closed')).toEqual([]);
    expect(await list(`end_date=${new Date(Date.now() - 86_400_000 * 100).toISOString()}`)).toEqual([]);

    const clerkCase = await http(
      intake.baseUrl,
      'POST',
      '/cases',
      {
        centerId: 'anlizha-village',
        channel: 'walk_in',
        disputeType: 'neighbour',
        summary: '来访',
        headcount: 1,
        urgency: 'normal',
        parties: [{ role: 'applicant', name: '李某' }],
      },
      villageClerk,
    );
    const clerkId = (clerkCase.body as Json).id as string;
    expect(await list('')).not.toContain(clerkId);
    const hidden = await get(`/open311/v2/requests/${clerkId}.json?api_key=${apiKey}`);
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual([
      { code: 404, description: expect.stringContaining('OPEN311_REQUEST_NOT_FOUND') },
    ]);

    // Closed by a clerk, the request reads closed.
    expect(
      (await http(intake.baseUrl, 'POST', `/cases/${id}/close`, { reason: '已调解' }, villageClerk)).status,
    ).toBe(200);
    expect((await get(`/open311/v2/requests/${id}.json?api_key=${apiKey}`)).body).toMatchObject([
      { status: 'closed', status_notes: '已办结' },
    ]);
    expect(await list('status=closed')).toEqual([id]);
  });

  it('refuses in GeoReport’s error shape: a missing service_code, a bad key, a revoked key, a clerk’s channel', async () => {
    const missing = await form({ api_key: apiKey, address_string: '安立寨村' });
    expect(missing.status).toBe(400);
    expect(missing.body).toEqual([{ code: 400, description: expect.stringMatching(/^service_code: /) }]);
    const nowhere = await form({ api_key: apiKey, service_code: 'TJ-102' });
    expect(nowhere.status).toBe(400);
    expect((nowhere.body as Json[])[0].description).toMatch(/^lat: /);
    const unknown = await form({ api_key: apiKey, service_code: 'TJ-999', address_string: '安立寨村' });
    expect((unknown.body as Json[])[0].description).toMatch(/^service_code: .*OPEN311_SERVICE_UNKNOWN/);

    for (const key of [undefined, 'A'.repeat(43), 'short']) {
      const refused = await form({
        ...(key ? { api_key: key } : {}),
        service_code: 'TJ-102',
        address_string: '安立寨村',
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual([{ code: 403, description: expect.stringMatching(/^api_key: /) }]);
    }
    expect((await get('/open311/v2/requests.json')).status).toBe(403);

    const other = await http(
      intake.baseUrl,
      'POST',
      '/open311-clients',
      { name: 'resident app', centerId: 'anlizha-village' },
      ops,
    );
    const { apiKey: otherKey, id: otherId } = other.body as { apiKey: string; id: string };
    expect(await get(`/open311/v2/requests.json?api_key=${otherKey}`)).toMatchObject({
      status: 200,
      body: [],
    });
    expect(
      (await http(intake.baseUrl, 'POST', `/open311-clients/${otherId}/revoke`, undefined, ops)).status,
    ).toBe(200);
    expect((await get(`/open311/v2/requests.json?api_key=${otherKey}`)).status).toBe(403);
    expect(
      (
        await http(
          intake.baseUrl,
          'POST',
          '/open311-clients',
          { name: 'x', centerId: 'anlizha-village' },
          villageClerk,
        )
      ).status,
    ).toBe(403);
    const audit = await db().query(
      `SELECT action, details FROM audit_log WHERE entity_type = 'open311_client' AND entity_id = $1 ORDER BY id`,
      [otherId],
    );
    expect(audit.map((a: Json) => a.action)).toEqual(['Open311KeyIssued', 'Open311KeyRevoked']);
    expect(JSON.stringify(audit)).not.toContain(otherKey);

    const walkIn = {
      centerId: 'anlizha-village',
      channel: 'open311',
      disputeType: 'neighbour',
      summary: 'x',
      headcount: 1,
      urgency: 'normal',
      parties: [{ role: 'applicant', name: '李某' }],
    };
    expect((await http(intake.baseUrl, 'POST', '/cases', walkIn, villageClerk)).status).toBe(400);
  });
});
