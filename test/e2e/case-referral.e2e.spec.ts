import { as, http, waitFor } from '@chuishao/testing';
import { ANLIZHA_CASE, clerk, ok } from './api';
import { startSystem, type RunningSystem } from './system';

const townOperator = as({ role: 'operator', subject: 'operator-shangqin', centerId: 'shangqin-town' });
const villageOperator = as({ role: 'operator', subject: 'operator-anlizha', centerId: 'anlizha-village' });
const supervisor = as({ role: 'supervisor', subject: 'supervisor-ganzhou-1' });

/**
 * Referral up the tiers (issue #19 item 1) through the real system, as the workstation calls it:
 * intake, dispatch and ops-console as processes on real Kafka and PostgreSQL, every call through
 * the console's forwarding. The village refers a case up; the town's operator finds it in the
 * town's queue and dispatch follows (the village's operator no longer reads its whistles); the
 * console's timeline reads the referral as a sentence.
 */
describe('referring a case up a tier, end to end (intake, dispatch, ops-console as processes)', () => {
  let system: RunningSystem;
  let consoleUrl: string;

  beforeAll(async () => {
    system = await startSystem({ services: ['intake', 'dispatch', 'ops-console'] });
    consoleUrl = system.urls['ops-console'];
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('moves the case to the town: its queue, dispatch and the timeline follow', async () => {
    const registered = await ok(consoleUrl, 'POST', '/api/intake/cases', ANLIZHA_CASE, clerk);
    const whistlesOf = (headers: Record<string, string>) =>
      http(consoleUrl, 'GET', `/api/dispatch/cases/${registered.id}/whistles`, undefined, headers);
    await waitFor(
      'dispatch to know the case',
      async () => (await whistlesOf(villageOperator)).status === 200,
    );

    const referral = { toCenterId: 'shangqin-town', reason: '涉及两个村，村里调处不了' };
    const headers = { ...clerk, 'idempotency-key': `refer-${registered.id}` };
    const moved = await http(
      consoleUrl,
      'POST',
      `/api/intake/cases/${registered.id}/referrals`,
      referral,
      headers,
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ id: registered.id, centerId: 'shangqin-town' });

    const queue = await ok(
      consoleUrl,
      'GET',
      '/api/intake/cases?centerId=shangqin-town',
      undefined,
      townOperator,
    );
    expect(queue.items.map((c: { id: string }) => c.id)).toContain(registered.id);
    expect(
      (await http(consoleUrl, 'GET', `/api/intake/cases/${registered.id}`, undefined, clerk)).status,
    ).toBe(404);

    await waitFor(
      'dispatch to follow the referral',
      async () => (await whistlesOf(villageOperator)).status === 404,
    );
    expect((await whistlesOf(townOperator)).status).toBe(200);

    const line = await waitFor('the console timeline to read the referral', async () => {
      const { status, body } = await http(
        consoleUrl,
        'GET',
        `/api/cases/${registered.id}`,
        undefined,
        supervisor,
      );
      return status === 200 && body.timeline.find((t: { type: string }) => t.type === 'CaseReferred');
    });
    expect(line.summary).toBe('up: anlizha-village → shangqin-town (涉及两个村，村里调处不了)');
    expect(line.facts).toMatchObject({
      direction: 'up',
      fromCenterId: 'anlizha-village',
      toCenterId: 'shangqin-town',
    });
  });
});
