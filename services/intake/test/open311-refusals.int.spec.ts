import { FixedClock } from '@chuishao/kernel';
import { http, type RunningService } from '@chuishao/testing';
import { ops, startOpen311, villageClerk, type Json, type Open311Fixture } from './open311-support';

/**
 * Open311's refusals, in GeoReport v2's error shape (a JSON array of { code, description }):
 * input naming the field, missing, unknown and revoked keys, keys ops alone issues and revokes
 * (audited, never the key), Idempotency-Keys per client, and a channel clerks may not choose.
 */
describe('intake: Open311 refusals (real PostgreSQL and Kafka)', () => {
  let fixture: Open311Fixture;
  let intake: RunningService;
  let apiKey: string;
  const clock = new FixedClock(new Date());
  const form: Open311Fixture['form'] = (...args) => fixture.form(...args);
  const get: Open311Fixture['get'] = (path) => fixture.get(path);
  const db = () => fixture.db();
  const neighbourRequest: Open311Fixture['neighbourRequest'] = (d) => fixture.neighbourRequest(d);

  beforeAll(async () => {
    fixture = await startOpen311(clock);
    ({ intake, apiKey } = fixture);
  });

  afterAll(async () => intake?.close());

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
    // The first client's Idempotency-Key is not this client's: a request of its own, no replay.
    const first = await form(neighbourRequest('第一接入方'), { 'idempotency-key': 'o311-1' });
    expect(first.status).toBe(200);
    const own = await form(
      { ...neighbourRequest('另一接入方'), api_key: otherKey },
      { 'idempotency-key': 'o311-1' },
    );
    expect(own.status).toBe(200);
    expect(own.headers.get('idempotent-replayed')).toBeNull();
    const ownId = (own.body as Json[])[0].service_request_id;
    expect(ownId).not.toBe((first.body as Json[])[0].service_request_id);
    expect(((await get(`/open311/v2/requests.json?api_key=${otherKey}`)).body as Json[])[0]).toMatchObject({
      service_request_id: ownId,
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
