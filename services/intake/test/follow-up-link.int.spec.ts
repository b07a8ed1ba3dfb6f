import { FixedClock } from '@chuishao/kernel';
import { TopicObserver, as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';
import { SimulatorFollowUpSms } from '../src/infrastructure/follow-up/follow-up-sms';

const villageClerk = as({ role: 'clerk', subject: 'clerk-anlizha', centerId: 'anlizha-village' });
const PHONE = '13909365678';

const dispute = {
  centerId: 'anlizha-village',
  channel: 'walk_in',
  disputeType: 'neighbour',
  summary: 'A neighbour’s tree overhangs the courtyard.',
  headcount: 2,
  urgency: 'normal',
  parties: [
    { role: 'applicant', name: '孙某', phone: PHONE },
    { role: 'respondent', name: '周某' },
  ],
};

/**
 * The party's one-time link (回访 by SMS, issue #19 item 2): a closing sends it to the applicant's
 * phone through the SMS port (the simulator here), the token only stored hashed; the public page
 * reads it and takes one answer, then 410; an unknown token 404, an expired one 410.
 */
describe('intake: the one-time follow-up link sent by SMS (real PostgreSQL and Kafka)', () => {
  let intake: RunningService;
  let observer: TopicObserver;
  const clock = new FixedClock(new Date());

  beforeAll(async () => {
    intake = await startService(
      'intake',
      (config) => AppModule.forRoot(config, { clock, followUp: { windowHours: 72 } }),
      INTAKE_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [intake.topic('cases')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await intake?.close();
  });

  const call = (method: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
    http(intake.baseUrl, method, path, body, headers);
  const sms = () => intake.app.get(SimulatorFollowUpSms);

  async function closedCaseWithLink(): Promise<{ id: string; token: string }> {
    const registered = await call('POST', '/cases', dispute, villageClerk);
    expect(registered.status).toBe(201);
    const id = (registered.body as { id: string }).id;
    expect((await call('POST', `/cases/${id}/close`, { reason: '已调解' }, villageClerk)).status).toBe(200);
    const message = await waitFor('the follow-up link to go out', async () =>
      sms().sent.find((m) => m.caseId === id),
    );
    const token = /\/follow-up\/([A-Za-z0-9_-]{43})$/.exec(message.text)?.[1];
    expect(token).toBeDefined();
    return { id, token: token! };
  }

  it('sends the link once, stores only its hash, and takes one answer from the party', async () => {
    const { id, token } = await closedCaseWithLink();
    const stored = await intake.app
      .get(DataSource)
      .query('SELECT * FROM follow_up_links WHERE case_id = $1', [id]);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    const page = await call('GET', `/follow-ups/${token}`, undefined);
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ caseNo: expect.any(String), expiresAt: expect.any(String) });

    const answer = { answer: 'unsatisfied', resolved: false, comment: '树还没有修剪' };
    const key = { 'idempotency-key': `link-${id}` };
    const answered = await call('POST', `/follow-ups/${token}`, answer, key);
    expect(answered.status).toBe(200);
    expect(answered.body).toEqual({ recorded: true, reopened: true });
    expect((await call('POST', `/follow-ups/${token}`, answer, key)).status).toBe(200);
    const recorded = await observer.waitForMessage(
      'FollowUpRecorded',
      (m) => m.json?.type === 'FollowUpRecorded' && m.json.caseId === id,
    );
    expect(recorded.json).toMatchObject({
      actor: { role: 'system', id: 'follow-up-link' },
      payload: { channel: 'sms_link', answer: 'unsatisfied', comment: '树还没有修剪' },
    });
    expect(JSON.stringify(recorded.json)).not.toContain(PHONE);

    const again = await call('POST', `/follow-ups/${token}`, { ...answer, answer: 'satisfied' });
    expect(again.status).toBe(410);
    expect(again.body).toMatchObject({ code: 'FOLLOW_UP_LINK_USED' });
    expect((await call('GET', `/follow-ups/${token}`, undefined)).status).toBe(410);
    expect(sms().sent.filter((m) => m.caseId === id)).toHaveLength(1);
  });

  it('answers 404 for an unknown or malformed token and 410 once the follow-up is due', async () => {
    expect((await call('GET', `/follow-ups/${'A'.repeat(43)}`, undefined)).status).toBe(404);
    expect((await call('GET', '/follow-ups/not-a-token', undefined)).status).toBe(404);
    const { token } = await closedCaseWithLink();
    const bad = await call('POST', `/follow-ups/${token}`, { answer: 'meh', resolved: true, comment: '' });
    expect(bad.status).toBe(400);
    clock.advanceSeconds(72 * 3600);
    const expired = await call('POST', `/follow-ups/${token}`, {
      answer: 'satisfied',
      resolved: true,
      comment: '',
    });
    expect(expired.status).toBe(410);
    expect(expired.body).toMatchObject({ code: 'FOLLOW_UP_LINK_EXPIRED' });
  });
});
