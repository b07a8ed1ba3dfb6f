import { uuidv7 } from '@chuishao/kernel';
import {
  STANDARD_CALLERS,
  TopicObserver,
  as,
  http,
  startService,
  type RunningService,
} from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

const villageClerk = as({ role: 'clerk', subject: 'clerk-anlizha', centerId: 'anlizha-village' });
const townOperator = as({ role: 'operator', subject: 'op-shangqin', centerId: 'shangqin-town' });
const townClerk = as({ role: 'clerk', subject: 'clerk-shangqin', centerId: 'shangqin-town' });
const otherTownOperator = as({ role: 'operator', subject: 'op-daman', centerId: 'daman-town' });
const districtSupervisor = as({ role: 'supervisor', subject: 'sup-1', centerId: 'ganzhou-district' });

const dispute = {
  centerId: 'anlizha-village',
  channel: 'walk_in',
  disputeType: 'housing_site',
  summary: 'Three villages dispute the irrigation land by the canal.',
  headcount: 12,
  urgency: 'normal',
  parties: [{ role: 'applicant', name: '赵某' }],
};

/**
 * Referral up the tiers and hand-down (issue #19 item 1, SPEC's "small matters stay in the
 * village, big matters stay in the town"): the case moves one tier at a time, becomes the
 * receiving center's (its queue, its readers' scope), says so in CaseReferred, and a refusal
 * changes nothing.
 */
describe('intake: referring a case up and down the tiers (real PostgreSQL and Kafka)', () => {
  let intake: RunningService;
  let observer: TopicObserver;

  beforeAll(async () => {
    intake = await startService('intake', (config) => AppModule.forRoot(config), INTAKE_DESCRIPTION);
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [intake.topic('cases')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await intake?.close();
  });

  const call = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    http(intake.baseUrl, method, path, body, headers);
  const register = async () => {
    const registered = await call('POST', '/cases', dispute, villageClerk);
    expect(registered.status).toBe(201);
    return registered.body as { id: string };
  };
  const refer = (
    caseId: string,
    toCenterId: string,
    headers: Record<string, string>,
    reason = '村里无法调处',
  ) => call('POST', `/cases/${caseId}/referrals`, { toCenterId, reason }, headers);
  const referralsOf = (caseId: string) => observer.events('CaseReferred').filter((e) => e.caseId === caseId);
  const centerOf = async (caseId: string) =>
    (await intake.app.get(DataSource).query('SELECT center_id FROM cases WHERE id = $1', [caseId]))[0]
      .center_id;

  it('a village refers up to its town: the case is the town’s, the village no longer reads it', async () => {
    const { id } = await register();
    const referred = await refer(id, 'shangqin-town', { ...villageClerk, 'idempotency-key': `up-${id}` });
    expect(referred.status).toBe(200);
    expect(referred.body).toMatchObject({ id, centerId: 'shangqin-town', status: 'registered' });

    const message = await observer.waitForMessage(
      'CaseReferred',
      (m) => m.json?.type === 'CaseReferred' && m.json.caseId === id,
    );
    expect(message.key).toBe(id);
    expect(message.json).toMatchObject({
      type: 'CaseReferred',
      actor: { role: 'clerk', id: 'clerk-anlizha' },
      payload: {
        direction: 'up',
        from: {
          id: 'anlizha-village',
          tier: 'village',
          path: ['ganzhou-district', 'shangqin-town', 'anlizha-village'],
        },
        to: { id: 'shangqin-town', tier: 'town', path: ['ganzhou-district', 'shangqin-town'] },
        reason: '村里无法调处',
      },
    });
    // A retry with the same key answers the same, with no second referral.
    const again = await refer(id, 'shangqin-town', { ...villageClerk, 'idempotency-key': `up-${id}` });
    expect(again.status).toBe(200);

    expect((await call('GET', `/cases/${id}`, undefined, villageClerk)).status).toBe(404);
    expect((await call('GET', `/cases/${id}`, undefined, townOperator)).status).toBe(200);
    const queue = await call('GET', '/cases?centerId=shangqin-town', undefined, townOperator);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(id);
    expect(referralsOf(id)).toHaveLength(1);
  });

  it('the town hands it down to another of its villages; a clerk may not hand down', async () => {
    const { id } = await register();
    expect((await refer(id, 'shangqin-town', villageClerk)).status).toBe(200);

    const byClerk = await refer(id, 'jinjiawan-village', townClerk);
    expect(byClerk.status).toBe(403);
    expect(byClerk.body).toMatchObject({ code: 'REFERRAL_NOT_YOURS', errors: [{ field: 'toCenterId' }] });
    expect(await centerOf(id)).toBe('shangqin-town');

    const down = await refer(id, 'jinjiawan-village', townOperator, '由金家湾村就近调处');
    expect(down.status).toBe(200);
    expect(down.body.centerId).toBe('jinjiawan-village');
    await observer.waitForMessage(
      'the hand-down',
      (m) => m.json?.caseId === id && m.json.payload?.direction === 'down',
    );
    expect(referralsOf(id).map((e) => [e.payload.direction, e.payload.to.id])).toEqual([
      ['up', 'shangqin-town'],
      ['down', 'jinjiawan-village'],
    ]);
  });

  it('one tier at a time, to a neighbour only; a closed case stays where it closed; nothing changes on a refusal', async () => {
    const { id } = await register();
    const sideways = await refer(id, 'jinjiawan-village', villageClerk);
    expect(sideways.status).toBe(409);
    expect(sideways.body.code).toBe('REFERRAL_NOT_NEIGHBOUR');
    const skipping = await refer(id, 'ganzhou-district', districtSupervisor);
    expect(skipping.status).toBe(409);
    expect(skipping.body.code).toBe('REFERRAL_NOT_NEIGHBOUR');

    const blank = await refer(id, 'shangqin-town', villageClerk, '   ');
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ code: 'REFERRAL_REASON_REQUIRED', errors: [{ field: 'reason' }] });
    const unknown = await refer(id, 'atlantis', villageClerk);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'CENTER_UNKNOWN', errors: [{ field: 'toCenterId' }] });
    const missing = await call('POST', `/cases/${id}/referrals`, { reason: 'x' }, villageClerk);
    expect(missing.status).toBe(400);
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toContain('toCenterId');

    // Out of the caller's centers, or no such case: 404, as for an unknown case.
    expect((await refer(id, 'shangqin-town', otherTownOperator)).status).toBe(404);
    expect((await refer(uuidv7(), 'shangqin-town', villageClerk)).status).toBe(404);
    // Roles that never move cases: 403 ROLE_FORBIDDEN (the matrix leaves this route to this file).
    for (const role of ['liaison', 'mediator', 'ops', 'court'] as const) {
      const refused = await call(
        'POST',
        `/cases/${id}/referrals`,
        { toCenterId: 'shangqin-town', reason: 'x' },
        as(STANDARD_CALLERS[role]),
      );
      expect({ role, status: refused.status, code: refused.body.code }).toEqual({
        role,
        status: 403,
        code: 'ROLE_FORBIDDEN',
      });
    }
    expect(await centerOf(id)).toBe('anlizha-village');

    expect(
      (await call('POST', `/cases/${id}/close`, { reason: 'resolved at the window' }, villageClerk)).status,
    ).toBe(200);
    const closed = await refer(id, 'shangqin-town', villageClerk);
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('CASE_ALREADY_CLOSED');
    expect(await centerOf(id)).toBe('anlizha-village');
    expect(referralsOf(id)).toEqual([]);
  });
});
