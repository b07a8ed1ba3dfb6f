import { SummonsAdded, SummonsStoodDown } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, as, http, waitFor, whenHandled, type RunningService } from '@chuishao/testing';
import { fromDispatch, newCase, publishToWhistles, whistleBlown } from './support/fixtures';
import { startNotifyingDepartment } from './support/notifications';

/** The seeded on-duty liaison of the district traffic police (src/infrastructure/seed/contacts.json). */
const TRAFFIC_ON_DUTY = '13900000101';
const ops = as({ role: 'ops', subject: 'ops-1' });
const trafficLiaison = as({
  role: 'liaison',
  subject: 'liaison-traffic-1',
  departmentId: 'ganzhou-traffic-police',
});

/**
 * More hands mid-incident (issue 20 item 3), as department sees it: an added department's summons
 * reaches its inbox and its on-duty liaison like any other; a stood-down one is marked, refuses the
 * liaison's answers, and its liaison is told they need not come.
 */
describe('department: a department added to a whistle, then stood down (real PostgreSQL and Kafka)', () => {
  let department: RunningService;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);

  beforeAll(async () => {
    department = await startNotifyingDepartment();
  });

  afterAll(async () => {
    await raw.stop();
    await department?.close();
  });

  const get = (path: string, headers: Record<string, string> = ops) =>
    http(department.baseUrl, 'GET', path, undefined, headers);

  const textsTo = (phone: string, caseNo: string) =>
    waitFor(
      `texts to ${phone} about ${caseNo}`,
      async () => {
        const answer = await get(`/sms-simulator/messages?to=${phone}&limit=500`);
        const texts = (answer.body.items as Array<{ text: string; template: string }>).filter((m) =>
          m.text.includes(caseNo),
        );
        return texts.length > 0 && texts;
      },
      { timeoutMs: 30000 },
    );

  it('notifies the added department like any summons, and tells its liaison when it is stood down', async () => {
    const whistle = whistleBlown(
      [
        {
          departmentId: 'shangqin-judicial-office',
          departmentName: 'Shangqin',
          departmentKind: 'judicial_office',
        },
      ],
      newCase('MHD-'),
    );
    await publishToWhistles(raw, department, whistle.event);
    await whenHandled(department, whistle.event.id);

    const summonsId = uuidv7();
    const addedAt = new Date().toISOString();
    const arrivalDeadline = new Date(Date.now() + 600_000).toISOString();
    const added = fromDispatch(SummonsAdded, {
      caseId: whistle.caseId,
      occurredAt: addedAt,
      causationId: whistle.event.id,
      payload: {
        whistleId: whistle.whistleId,
        caseNo: whistle.caseNo,
        centerId: 'anlizha-village',
        summons: {
          summonsId,
          departmentId: 'ganzhou-traffic-police',
          departmentName: 'Ganzhou District Traffic Police Brigade',
          departmentKind: 'traffic_police',
        },
        reason: 'the crowd grew',
        addedAt,
        arrivalDeadline,
        slaSeconds: 600,
      },
    });
    await publishToWhistles(raw, department, added);
    await whenHandled(department, added.id);
    const { body: inbox } = await get(
      '/departments/ganzhou-traffic-police/summons?status=notified&limit=200',
    );
    expect(inbox.items.find((s: { id: string }) => s.id === summonsId)).toMatchObject({
      whistleId: whistle.whistleId,
      caseNo: whistle.caseNo,
      status: 'notified',
      arrivalDeadline,
    });
    const summonsTexts = await textsTo(TRAFFIC_ON_DUTY, whistle.caseNo);
    expect(summonsTexts.map((t) => t.template)).toEqual(['summons']);

    const stoodDown = fromDispatch(SummonsStoodDown, {
      caseId: whistle.caseId,
      occurredAt: new Date().toISOString(),
      causationId: added.id,
      payload: {
        whistleId: whistle.whistleId,
        caseNo: whistle.caseNo,
        summonsId,
        departmentId: 'ganzhou-traffic-police',
        reason: 'the police station is enough',
        stoodDownAt: new Date().toISOString(),
      },
    });
    await publishToWhistles(raw, department, stoodDown);
    await whenHandled(department, stoodDown.id);
    const read = await get(`/summons/${summonsId}`, trafficLiaison);
    expect(read.body).toMatchObject({
      status: 'stood_down',
      standDownReason: 'the police station is enough',
    });
    const ack = await http(
      department.baseUrl,
      'POST',
      `/summons/${summonsId}/acknowledge`,
      undefined,
      trafficLiaison,
    );
    expect({ status: ack.status, code: ack.body.code }).toEqual({ status: 409, code: 'SUMMONS_STOOD_DOWN' });

    const texts = await waitFor(
      'the stand-down text',
      async () => {
        const all = await textsTo(TRAFFIC_ON_DUTY, whistle.caseNo);
        return all.some((t) => t.template === 'stood_down') && all;
      },
      { timeoutMs: 30000 },
    );
    const told = texts.find((t) => t.template === 'stood_down')!;
    expect(told.text).toContain('撤回');
    // The operator's reason stays in the case file: the text carries no free text.
    expect(told.text).not.toContain('police station is enough');

    // A redelivered stand-down tells nobody twice.
    await raw.send(department.topic('whistles'), whistle.caseId, JSON.stringify(stoodDown));
    const again = fromDispatch(SummonsStoodDown, {
      caseId: whistle.caseId,
      occurredAt: stoodDown.occurredAt,
      payload: stoodDown.payload,
    });
    await publishToWhistles(raw, department, again);
    await whenHandled(department, again.id);
    const after = await textsTo(TRAFFIC_ON_DUTY, whistle.caseNo);
    expect(after.filter((t) => t.template === 'stood_down')).toHaveLength(1);
  });
});
