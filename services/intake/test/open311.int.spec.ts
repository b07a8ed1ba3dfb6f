import { FixedClock } from '@chuishao/kernel';
import { TopicObserver, http, type RunningService } from '@chuishao/testing';
import {
  PHONE,
  startOpen311,
  villageClerk,
  villageOperator,
  type Json,
  type Open311Fixture,
} from './open311-support';

/**
 * Civic intake through Open311 GeoReport v2 (issue #20 item 6): a client with an API key issued
 * by ops submits a dispute as a form; it becomes a case in its center's queue (CaseRegistered,
 * channel open311) and reads back in Open311 terms. The refusals: open311-refusals.int.spec.ts.
 */
describe('intake: Open311 GeoReport v2 (real PostgreSQL and Kafka)', () => {
  let fixture: Open311Fixture;
  let intake: RunningService;
  let apiKey: string;
  let clientId: string;
  const clock = new FixedClock(new Date());
  const form: Open311Fixture['form'] = (...args) => fixture.form(...args);
  const get: Open311Fixture['get'] = (path) => fixture.get(path);
  const db = () => fixture.db();
  const neighbourRequest: Open311Fixture['neighbourRequest'] = (d) => fixture.neighbourRequest(d);
  let observer: TopicObserver;

  beforeAll(async () => {
    fixture = await startOpen311(clock);
    ({ intake, apiKey, clientId } = fixture);
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [intake.topic('cases')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await intake?.close();
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
});
