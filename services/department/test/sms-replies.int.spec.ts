import { FixedClock } from '@chuishao/kernel';
import { RawProducer, as, http, startService, waitFor, type RunningService } from '@chuishao/testing';
import { createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppModule, DEPARTMENT_DESCRIPTION } from '../src/app.module';
import { DeliveryWorker } from '../src/infrastructure/notifications/delivery-worker';
import { newCase, publishToWhistles, whistleBlown, type BlownWhistle } from './support/fixtures';
import { FAST_NOTIFICATIONS } from './support/notifications';

/**
 * Issue 20 item 5 on real PostgreSQL and Kafka: texts to one phone throttled (GoAlert's 1 a
 * minute, 5 in 15) and bundled, each summons with a reply code; a liaison's signed reply by SMS
 * acknowledges or reports arrival as the app would, once per message id; replies that cannot be
 * trusted or read are refused. The delivery worker is driven by hand on a clock the test moves.
 */

const SECRET = 'an-inbound-secret-for-the-sms-reply-tests';
const DEPARTMENT = 'daman-town-government';
/** Its seeded on-duty liaison (contacts.json), and a number the directory does not know. */
const LIAISON_PHONE = '13900000211';
const STRANGER = '13700000000';
const ops = as({ role: 'ops', subject: 'ops-1' });

const summoned = { departmentId: DEPARTMENT, departmentName: DEPARTMENT, departmentKind: 'town_government' };

describe('SMS throttled, bundled and answered by reply code (real PostgreSQL and Kafka)', () => {
  const clock = new FixedClock(new Date());
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  let department: RunningService;
  let database: DataSource;
  let worker: DeliveryWorker;
  const whistles: BlownWhistle[] = [];

  beforeAll(async () => {
    department = await startService(
      'department',
      (config) =>
        AppModule.forRoot(config, {
          clock,
          notifications: {
            ...FAST_NOTIFICATIONS,
            workerEnabled: false,
            smsLimits: [
              { count: 1, windowSeconds: 60 },
              { count: 5, windowSeconds: 900 },
            ],
            smsInbound: { secret: SECRET, maxAgeSeconds: 300 },
          },
        }),
      DEPARTMENT_DESCRIPTION,
    );
    database = department.app.get(DataSource);
    worker = department.app.get(DeliveryWorker);
  });

  afterAll(async () => {
    await raw.stop();
    await department?.close();
  });

  const texts = async (): Promise<{ text: string; template: string }[]> =>
    database.query(`SELECT text, template FROM sms_simulator_messages WHERE to_phone = $1 ORDER BY id`, [
      LIAISON_PHONE,
    ]);

  async function blow(): Promise<BlownWhistle> {
    const whistle = whistleBlown([summoned], newCase('DM-'));
    await publishToWhistles(raw, department, whistle.event);
    const summonsId = whistle.summonsIds[DEPARTMENT];
    await waitFor('the summons’ text planned', async () => {
      const rows = await database.query(
        `SELECT 1 FROM notifications WHERE summons_id = $1 AND channel = 'sms' AND address = $2`,
        [summonsId, LIAISON_PHONE],
      );
      return rows.length === 1;
    });
    whistles.push(whistle);
    return whistle;
  }

  function reply(
    messageId: string,
    text: string,
    options: { from?: string; at?: Date; secret?: string } = {},
  ) {
    const body = JSON.stringify({ messageId, from: options.from ?? LIAISON_PHONE, text });
    const timestamp = Math.floor((options.at ?? clock.now()).getTime() / 1000);
    const signature = createHmac('sha256', options.secret ?? SECRET)
      .update(`${timestamp}.${body}`)
      .digest('hex');
    return http(department.baseUrl, 'POST', '/sms/inbound', body, {
      'x-sms-timestamp': String(timestamp),
      'x-sms-signature': `sha256=${signature}`,
    });
  }

  const statusOf = async (whistle: BlownWhistle) =>
    (await http(department.baseUrl, 'GET', `/summons/${whistle.summonsIds[DEPARTMENT]}`, undefined, ops)).body
      .status;

  it('texts the first summons at once with reply code 1, then holds the next two back and sends them as one text a minute later', async () => {
    await blow();
    await worker.drain();
    expect(await texts()).toEqual([
      expect.objectContaining({
        template: 'summons',
        text: expect.stringMatching(/回复“1 1”确认收到，“2 1”报到。$/),
      }),
    ]);
    await blow();
    await blow();
    await worker.drain();
    expect(await texts()).toHaveLength(1);
    const held = await database.query(
      `SELECT next_attempt_at FROM notifications WHERE channel = 'sms' AND address = $1 AND state = 'pending'`,
      [LIAISON_PHONE],
    );
    expect(held.map((r: { next_attempt_at: Date }) => r.next_attempt_at.getTime())).toEqual([
      clock.now().getTime() + 60_000,
      clock.now().getTime() + 60_000,
    ]);
    clock.advanceSeconds(60);
    await worker.drain();
    const sent = await texts();
    expect(sent).toHaveLength(2);
    expect(sent[1]!.template).toBe('bundle');
    expect(sent[1]!.text.split('\n')).toEqual([
      '【吹哨】您有2条通知：',
      expect.stringMatching(new RegExp(`^1\\. 案件${whistles[1]!.caseNo}.*回复“1 2”确认收到，“2 2”报到。$`)),
      expect.stringMatching(new RegExp(`^2\\. 案件${whistles[2]!.caseNo}.*回复“1 3”确认收到，“2 3”报到。$`)),
    ]);
    const states = await database.query(
      `SELECT state, attempts FROM notifications WHERE channel = 'sms' AND address = $1`,
      [LIAISON_PHONE],
    );
    expect(states).toEqual(states.map(() => ({ state: 'delivered', attempts: 1 })));
  });

  it('acknowledges the summons under the code by reply, as the liaison, once however often the gateway repeats it', async () => {
    const answered = await reply('mo-0001', '1 2');
    expect(answered.status).toBe(200);
    expect(answered.body).toMatchObject({
      outcome: 'applied',
      action: 'acknowledge',
      summonsId: whistles[1]!.summonsIds[DEPARTMENT],
      sender: '139****0211',
    });
    expect(await statusOf(whistles[1]!)).toBe('acknowledged');
    const again = await reply('mo-0001', '1 2');
    expect(again.body).toEqual(answered.body);
    const events = await database.query(
      `SELECT envelope->'actor' AS actor, envelope->>'correlationId' AS correlation FROM outbox
        WHERE event_type = 'SummonsAcknowledged' AND envelope->'payload'->>'summonsId' = $1`,
      [whistles[1]!.summonsIds[DEPARTMENT]],
    );
    expect(events).toEqual([{ actor: { role: 'liaison', id: 'liaison-1' }, correlation: 'sms:mo-0001' }]);
  });

  it('reports arrival by “报到 2”; a second arrival is the summons’ own refusal, as an outcome', async () => {
    expect((await reply('mo-0002', '报到 2')).body).toMatchObject({ outcome: 'applied', action: 'arrive' });
    expect(await statusOf(whistles[1]!)).toBe('arrived');
    expect((await reply('mo-0003', '2 2')).body).toMatchObject({
      outcome: 'refused',
      code: 'SUMMONS_ALREADY_ARRIVED',
    });
  });

  it('refuses, without acting, what it cannot trust or read', async () => {
    const refusal = async (messageId: string, text: string, from?: string) =>
      (await reply(messageId, text, { from })).body.code;
    expect(await refusal('mo-0004', '1 2', STRANGER)).toBe('SMS_SENDER_UNKNOWN');
    expect(await refusal('mo-0005', '好的')).toBe('SMS_REPLY_UNREADABLE');
    expect(await refusal('mo-0006', '1 42')).toBe('SMS_REPLY_CODE_UNKNOWN');
    // Codes 1 and 3 are still open: without a code it would be a guess.
    expect(await refusal('mo-0007', '1')).toBe('SMS_REPLY_CODE_NEEDED');
    expect(await statusOf(whistles[0]!)).toBe('notified');
    expect(await statusOf(whistles[2]!)).toBe('notified');
    const listed = await http(department.baseUrl, 'GET', '/sms/replies?limit=3', undefined, ops);
    expect(listed.body.items.map((r: { messageId: string }) => r.messageId)).toEqual([
      'mo-0007',
      'mo-0006',
      'mo-0005',
    ]);
    expect(JSON.stringify(listed.body)).not.toContain(STRANGER);
  });

  it('refuses a forged, replayed or malformed reply before reading it: 401, or 400 naming the field', async () => {
    const forged = await reply('mo-0100', '1 1', { secret: 'not-the-gateway' });
    expect(forged).toMatchObject({ status: 401, body: { code: 'SMS_SIGNATURE_INVALID' } });
    const stale = await reply('mo-0101', '1 1', { at: new Date(clock.now().getTime() - 301_000) });
    expect(stale).toMatchObject({ status: 401, body: { code: 'SMS_SIGNATURE_EXPIRED' } });
    const unsigned = await http(department.baseUrl, 'POST', '/sms/inbound', {
      messageId: 'x',
      from: LIAISON_PHONE,
      text: '1',
    });
    expect(unsigned).toMatchObject({ status: 401, body: { code: 'SMS_SIGNATURE_MISSING' } });
    const malformed = await reply('mo-0102', '1 1', { from: 'not-a-number' });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).toContain('from');
    expect(await statusOf(whistles[0]!)).toBe('notified');
  });

  it('counts every reply on /metrics by outcome and code, a repeated message id once', async () => {
    const metrics = await (await fetch(`${department.baseUrl}/metrics`)).text();
    // One sample line per outcome and code, whatever order the labels come in.
    const count = (outcome: string, code: string) => {
      const line = metrics
        .split('\n')
        .find(
          (l) =>
            l.startsWith('chuishao_sms_replies_total{') &&
            l.includes(`outcome="${outcome}"`) &&
            l.includes(`code="${code}"`),
        );
      return line === undefined ? undefined : Number(line.split(' ').pop());
    };
    expect(count('applied', 'none')).toBe(2); // mo-0001 (sent twice) and mo-0002
    expect(count('refused', 'SUMMONS_ALREADY_ARRIVED')).toBe(1);
    expect(count('refused', 'SMS_SENDER_UNKNOWN')).toBe(1);
    expect(count('refused', 'SMS_SENDER_NOT_ON_ROSTER')).toBe(0);
    expect(count('unsigned', 'SMS_SIGNATURE_INVALID')).toBe(1);
    expect(count('unsigned', 'SMS_SIGNATURE_EXPIRED')).toBe(1);
    expect(count('unsigned', 'SMS_SIGNATURE_MISSING')).toBe(1);
  });
});
