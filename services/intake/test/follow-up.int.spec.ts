import { TopicObserver, as, http, startService, type RunningService } from '@chuishao/testing';
import { AppModule, INTAKE_DESCRIPTION } from '../src/app.module';

const villageClerk = as({ role: 'clerk', subject: 'clerk-anlizha', centerId: 'anlizha-village' });
const townOperator = as({ role: 'operator', subject: 'op-shangqin', centerId: 'shangqin-town' });
const otherTownOperator = as({ role: 'operator', subject: 'op-daman', centerId: 'daman-town' });
const mediator = as({ role: 'mediator', subject: 'med-1', centerId: 'anlizha-village' });

const dispute = {
  centerId: 'anlizha-village',
  channel: 'walk_in',
  disputeType: 'neighbour',
  summary: 'A wall between two yards blocks the drain.',
  headcount: 2,
  urgency: 'normal',
  parties: [{ role: 'applicant', name: '钱某' }],
};

/**
 * The follow-up after a closing (回访, issue #19 item 2): a closing makes it due (3 days, or the
 * window the service is given), a clerk records the party's answer taken on the phone once, and an
 * unsatisfied answer reopens the case to its center's queue with the comment.
 */
describe('intake: the follow-up with the parties and reopening (real PostgreSQL and Kafka)', () => {
  let intake: RunningService;
  let observer: TopicObserver;

  beforeAll(async () => {
    intake = await startService(
      'intake',
      (config) => AppModule.forRoot(config, { followUp: { windowHours: 48 } }),
      INTAKE_DESCRIPTION,
    );
    observer = await new TopicObserver(process.env.KAFKA_BROKERS!, [intake.topic('cases')]).start();
  });

  afterAll(async () => {
    await observer?.stop();
    await intake?.close();
  });

  const call = (method: string, path: string, body: unknown, headers: Record<string, string>) =>
    http(intake.baseUrl, method, path, body, headers);
  const closedCase = async () => {
    const registered = await call('POST', '/cases', dispute, villageClerk);
    expect(registered.status).toBe(201);
    const id = (registered.body as { id: string }).id;
    expect((await call('POST', `/cases/${id}/close`, { reason: '调解成功' }, villageClerk)).status).toBe(200);
    return id;
  };
  const answer = (id: string, body: object, headers: Record<string, string>) =>
    call('POST', `/cases/${id}/follow-up`, body, headers);
  const messageOf = (type: string, id: string) =>
    observer.waitForMessage(type, (m) => m.json?.type === type && m.json.caseId === id);

  it('a closing makes the follow-up due after the window; the answer is recorded once, the case stays closed', async () => {
    const id = await closedCase();
    const scheduled = await messageOf('FollowUpScheduled', id);
    const { closedAt, dueAt } = scheduled.json!.payload as { closedAt: string; dueAt: string };
    expect(Date.parse(dueAt) - Date.parse(closedAt)).toBe(48 * 3_600_000);

    const body = { answer: 'basically_satisfied', resolved: true, comment: '基本满意' };
    const headers = { ...villageClerk, 'idempotency-key': `fu-${id}` };
    const recorded = await answer(id, body, headers);
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ id, status: 'closed' });
    const message = await messageOf('FollowUpRecorded', id);
    expect(message.json).toMatchObject({
      actor: { role: 'clerk', id: 'clerk-anlizha' },
      payload: {
        channel: 'phone',
        answer: 'basically_satisfied',
        resolved: true,
        comment: '基本满意',
        closedAt,
      },
    });
    // The same key answers the same; another answer is refused.
    expect((await answer(id, body, headers)).status).toBe(200);
    const second = await answer(id, { ...body, answer: 'unsatisfied', comment: 'x' }, villageClerk);
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ code: 'FOLLOW_UP_ALREADY_RECORDED' });
    expect(observer.events('FollowUpRecorded').filter((e) => e.caseId === id)).toHaveLength(1);
  });

  it('an unsatisfied answer reopens the case to its center’s queue with the comment; it closes again, due again', async () => {
    const id = await closedCase();
    const blank = await answer(id, { answer: 'unsatisfied', resolved: false, comment: ' ' }, townOperator);
    expect(blank.status).toBe(400);
    expect(blank.body).toMatchObject({ code: 'FOLLOW_UP_COMMENT_REQUIRED', errors: [{ field: 'comment' }] });

    const reopened = await answer(
      id,
      { answer: 'unsatisfied', resolved: false, comment: '赔偿未到位' },
      townOperator,
    );
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ id, status: 'reopened', closedAt: null });
    expect((await messageOf('CaseReopened', id)).json?.payload).toMatchObject({ comment: '赔偿未到位' });
    const queue = await call(
      'GET',
      '/cases?centerId=anlizha-village&status=reopened',
      undefined,
      townOperator,
    );
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((c: { id: string }) => c.id)).toContain(id);

    expect((await call('POST', `/cases/${id}/close`, { reason: '补足赔偿' }, villageClerk)).status).toBe(200);
    await observer.waitForMessage(
      'FollowUpScheduled',
      (m) => m.json?.type === 'FollowUpScheduled' && m.json.caseId === id && m.json.version === 1,
    );
    const again = await answer(id, { answer: 'satisfied', resolved: true, comment: '' }, villageClerk);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'closed' });
  });

  it('refuses an open case, hides a case outside the caller’s centers, and keeps mediators out', async () => {
    const registered = await call('POST', '/cases', dispute, villageClerk);
    const openId = (registered.body as { id: string }).id;
    const open = await answer(openId, { answer: 'satisfied', resolved: true, comment: '' }, villageClerk);
    expect(open.status).toBe(409);
    expect(open.body).toMatchObject({ code: 'CASE_NOT_CLOSED' });

    const id = await closedCase();
    const body = { answer: 'satisfied', resolved: true, comment: '' };
    expect((await answer(id, body, otherTownOperator)).status).toBe(404);
    expect((await answer(id, body, mediator)).status).toBe(403);
    const bad = await answer(id, { answer: 'happy', resolved: 'yes', comment: '' }, villageClerk);
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['answer', 'resolved']);
  });
});
