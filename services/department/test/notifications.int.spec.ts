import { DepartmentReassigned } from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { RawProducer, as, http, streamTicket, waitFor, type RunningService } from '@chuishao/testing';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { DirectoryRepository } from '../src/infrastructure/persistence/directory.repository';
import {
  fromDispatch,
  newCase,
  publishToWhistles,
  whistleBlown,
  type BlownWhistle,
  type WhistledCase,
} from './support/fixtures';
import {
  ArrivalWarningIssued,
  EscalationRaised,
  SseClient,
  WebhookReceiver,
  publishSla,
  signatureValid,
  startNotifyingDepartment,
  FAST_NOTIFICATIONS,
} from './support/notifications';

/**
 * Issue 5: every summons, warning and escalation reaches the people who must act, through their
 * channels (signed webhooks, SMS, the live stream), once each in effect. Contacts come from the
 * seeded directory (src/infrastructure/seed/contacts.json, centers.json).
 */

const ops = as({ role: 'ops', subject: 'ops-1' });
const SECRET = 'a-webhook-secret-of-the-traffic-police';

/** Seeded phones: each department's head, on-duty liaison, off-duty liaison; a center's supervisor. */
const PHONES = {
  trafficHead: '13900000100',
  trafficOnDuty: '13900000101',
  trafficOffDuty: '13900000102',
  shangqinTownSupervisor: '13900000510',
};

/** GET /summons/:id/notifications, item by item. */
interface NotificationItem {
  id: string;
  kind: string;
  channel: 'webhook' | 'sms';
  recipient: string;
  state: string;
  attempts: number;
  lastError: string | null;
  history: Array<{ attempt: number; outcome: string; statusCode: number | null }>;
}

function summoned(departmentId: string) {
  return { departmentId, departmentName: departmentId, departmentKind: 'traffic_police' };
}

describe('department notifications (real PostgreSQL and Kafka)', () => {
  let department: RunningService;
  let database: DataSource;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const receiver = new WebhookReceiver();
  let receiverUrl: string;

  beforeAll(async () => {
    receiverUrl = await receiver.start();
    department = await startNotifyingDepartment();
    database = department.app.get(DataSource);
  });

  afterAll(async () => {
    await raw.stop();
    await department?.close();
    await receiver.stop();
  });

  const get = (path: string, headers: Record<string, string> = ops) =>
    http(department.baseUrl, 'GET', path, undefined, headers);
  const put = (path: string, body: unknown, headers: Record<string, string> = ops) =>
    http(department.baseUrl, 'PUT', path, body, headers);

  async function blow(departments: string[], onCase: WhistledCase = newCase('NTF-')): Promise<BlownWhistle> {
    const whistle = whistleBlown(departments.map(summoned), onCase);
    await publishToWhistles(raw, department, whistle.event);
    return whistle;
  }

  async function notificationsOf(summonsId: string) {
    const answer = await get(`/summons/${summonsId}/notifications`);
    return answer.status === 200 ? (answer.body.items as NotificationItem[]) : [];
  }

  /** Waits until the summons has `count` notifications and none is pending; answers them. */
  function settled(summonsId: string, count: number, what: string) {
    return waitFor(
      what,
      async () => {
        const items = await notificationsOf(summonsId);
        return items.length === count && items.every((n) => n.state !== 'pending') && items;
      },
      { timeoutMs: 30000 },
    );
  }

  async function smsTo(phone: string, caseNo: string) {
    const answer = await get(`/sms-simulator/messages?to=${phone}&limit=500`);
    expect(answer.status).toBe(200);
    return (answer.body.items as Array<{ text: string; template: string; deliveryId: string }>).filter((m) =>
      m.text.includes(caseNo),
    );
  }

  it('seals a webhook secret stored in plaintext before secrets were encrypted', async () => {
    const departmentId = `legacy-${randomUUID()}`;
    await database.query(
      `INSERT INTO department_webhooks (department_id, url, secret, updated_at) VALUES ($1, $2, $3, now())`,
      [departmentId, `${receiverUrl}/legacy`, SECRET],
    );
    const directory = department.app.get(DirectoryRepository);
    expect(await directory.sealStoredWebhookSecrets()).toBeGreaterThanOrEqual(1);
    const [row] = await database.query(
      'SELECT secret, secret_sealed FROM department_webhooks WHERE department_id = $1',
      [departmentId],
    );
    expect(row.secret).toBeNull();
    expect(row.secret_sealed).not.toContain(SECRET);
    expect((await directory.webhookOf(departmentId))?.secret).toBe(SECRET);
  });

  it('delivers a whistle to the department webhook with a valid signature, and texts its on-duty liaison only', async () => {
    const set = await put('/departments/ganzhou-traffic-police/webhook', {
      url: `${receiverUrl}/traffic`,
      secret: SECRET,
    });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({
      departmentId: 'ganzhou-traffic-police',
      url: `${receiverUrl}/traffic`,
      updatedAt: expect.any(String),
    });
    // Encrypted at rest under the personal-data key ring (issue #16): the table never holds it.
    const [stored] = await database.query(
      `SELECT to_jsonb(w)::text AS whole FROM department_webhooks w WHERE department_id = 'ganzhou-traffic-police'`,
    );
    expect(stored.whole).not.toContain(SECRET);

    const whistle = await blow(['ganzhou-traffic-police']);
    const summonsId = whistle.summonsIds['ganzhou-traffic-police'];
    const items = await settled(summonsId, 2, 'the webhook and the SMS to be delivered');
    const webhook = items.find((n) => n.channel === 'webhook')!;
    expect(webhook).toMatchObject({ state: 'delivered', attempts: 1, kind: 'summons' });
    expect(webhook.history).toEqual([
      expect.objectContaining({ attempt: 1, outcome: 'delivered', statusCode: 200 }),
    ]);

    const [received] = receiver
      .at('/traffic')
      .filter((r) => r.headers['x-chuishao-delivery-id'] === webhook.id);
    expect(signatureValid(SECRET, received)).toBe(true);
    expect(signatureValid('some-other-secret-entirely', received)).toBe(false);
    const timestamp = Number(received.headers['x-chuishao-timestamp']);
    expect(Math.abs(timestamp - Date.now() / 1000)).toBeLessThan(300);
    const body = JSON.parse(received.rawBody);
    expect(body).toMatchObject({
      deliveryId: webhook.id,
      kind: 'summons',
      summonsId,
      caseNo: whistle.caseNo,
      departmentId: 'ganzhou-traffic-police',
      place: '安里闸村综治中心',
      arrivalDeadline: whistle.arrivalDeadline,
    });
    // Only case number, place and deadline: no phone of anyone travels to the receiver.
    // (ids are left out first: a UUID's last group may be eleven decimal digits starting with 1)
    expect(received.rawBody.replace(/[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}/g, '')).not.toMatch(/1\d{10}/);

    const sms = items.find((n) => n.channel === 'sms')!;
    expect(sms).toMatchObject({
      state: 'delivered',
      recipient: 'department:ganzhou-traffic-police:contact:liaison-1',
    });
    expect(await smsTo(PHONES.trafficOnDuty, whistle.caseNo)).toEqual([
      expect.objectContaining({ template: 'summons', deliveryId: sms.id }),
    ]);
    expect(await smsTo(PHONES.trafficOffDuty, whistle.caseNo)).toEqual([]);
  });

  it('retries a receiver that fails twice with the same delivery id, then never sends that summons again', async () => {
    receiver.answer = (path, seenBefore) => (path === '/flaky' && seenBefore < 2 ? 503 : 200);
    await put('/departments/shangqin-judicial-office/webhook', {
      url: `${receiverUrl}/flaky`,
      secret: SECRET,
    });
    const onCase = newCase('NTF-');
    const whistle = await blow(['shangqin-judicial-office'], onCase);
    const summonsId = whistle.summonsIds['shangqin-judicial-office'];
    const items = await settled(summonsId, 2, 'the flaky webhook to succeed on its third attempt');
    const webhook = items.find((n) => n.channel === 'webhook')!;
    expect(webhook.state).toBe('delivered');
    expect(webhook.history.map((a) => [a.outcome, a.statusCode])).toEqual([
      ['failed', 503],
      ['failed', 503],
      ['delivered', 200],
    ]);
    const requests = receiver.at('/flaky');
    expect(requests).toHaveLength(3);
    expect(new Set(requests.map((r) => r.headers['x-chuishao-delivery-id']))).toEqual(new Set([webhook.id]));
    expect(requests.every((r) => signatureValid(SECRET, r))).toBe(true);
    // Same body every time: the receiver deduplicates on the delivery id and sees one summons.
    expect(new Set(requests.map((r) => r.rawBody)).size).toBe(1);

    // Dispatch's outbox redelivers the event, and publishes the same summons under another event id.
    await publishToWhistles(raw, department, whistle.event);
    const republished = { ...whistle.event, id: uuidv7() };
    await publishToWhistles(raw, department, republished);
    // A later whistle on the same case (same partition) shows both were consumed before it.
    const later = await blow(['shangqin-judicial-office'], onCase);
    await settled(later.summonsIds['shangqin-judicial-office'], 2, 'the later whistle to be notified');
    expect(await notificationsOf(summonsId)).toHaveLength(2);
    const [row] = await database.query(`SELECT count(*)::int AS n FROM notifications WHERE summons_id = $1`, [
      summonsId,
    ]);
    expect(row.n).toBe(2);
    expect(receiver.at('/flaky').filter((r) => JSON.parse(r.rawBody).summonsId === summonsId)).toHaveLength(
      3,
    );
    const smsId = items.find((n) => n.channel === 'sms')!.id;
    const texts = await smsTo('13900000141', whistle.caseNo);
    expect(texts.filter((m) => m.deliveryId === smsId)).toHaveLength(1);
    // The summons, and the later whistle's: nothing more to the liaison on this case.
    expect(texts).toHaveLength(2);
  });

  it('dead-letters a delivery after its last attempt and shows it to ops and supervisors', async () => {
    receiver.answer = (path) => (path === '/down' ? 500 : 200);
    await put('/departments/daman-police-station/webhook', { url: `${receiverUrl}/down`, secret: SECRET });
    const whistle = await blow(['daman-police-station']);
    const summonsId = whistle.summonsIds['daman-police-station'];
    const items = await settled(summonsId, 2, 'the webhook to be given up');
    const webhook = items.find((n) => n.channel === 'webhook')!;
    expect(webhook).toMatchObject({
      state: 'dead_lettered',
      attempts: 4,
      lastError: 'receiver_status',
    });
    expect(webhook.history).toHaveLength(4);
    const dead = await get('/notifications/dead-letters', as({ role: 'supervisor', subject: 'sup-1' }));
    expect(dead.status).toBe(200);
    expect(dead.body.items.map((n: { id: string }) => n.id)).toContain(webhook.id);

    const metrics = await fetch(`${department.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(
      /chuishao_notifications_dead_lettered_total\{[^}]*channel="webhook"[^}]*\} [1-9]/,
    );
    expect(metrics).toMatch(/chuishao_notification_latency_seconds_count\{[^}]*channel="sms"[^}]*\} [1-9]/);
    expect(metrics).toMatch(/chuishao_notification_attempts_total\{[^}]*outcome="failed"[^}]*\} [1-9]/);
  });

  it('streams a department live; a client that reconnects with Last-Event-ID gets what it missed, once', async () => {
    const liaison = as({
      role: 'liaison',
      subject: 'liaison-lj',
      departmentId: 'liangjiadun-town-government',
    });
    const url = `${department.baseUrl}/departments/liangjiadun-town-government/stream`;
    const first = new SseClient(url, liaison);
    expect(await first.open()).toBe(200);
    const one = await blow(['liangjiadun-town-government']);
    await waitFor('the first summons on the stream', () =>
      first.events.some((e) => e.data.summonsId === one.summonsIds['liangjiadun-town-government']),
    );
    const lastSeen = first.lastEventId!;
    first.close();

    const two = await blow(['liangjiadun-town-government']);
    const three = await blow(['liangjiadun-town-government']);
    const missed = [two, three].map((w) => w.summonsIds['liangjiadun-town-government']);
    await waitFor('both to be written while nobody listened', async () => {
      const [row] = await database.query(
        `SELECT count(*)::int AS n FROM stream_entries WHERE trigger_key = ANY($1::text[])`,
        [missed.map((id) => `summons:${id}`)],
      );
      return row.n === 2;
    });

    const again = new SseClient(url, { ...liaison, 'last-event-id': lastSeen });
    expect(await again.open()).toBe(200);
    await waitFor('the missed summons replayed', () => again.events.length >= 2);
    again.close();
    expect(again.events.map((e) => e.data.summonsId)).toEqual(missed);
    expect(again.events.every((e) => e.event === 'summons' && Number(e.id) > Number(lastSeen))).toBe(true);

    // EventSource sends no headers: a single-use ticket in the query stands for the token.
    const ticket = await streamTicket(department.baseUrl, '/stream-tickets', liaison);
    const viaTicket = new SseClient(`${url}?ticket=${ticket}&lastEventId=${lastSeen}`, {});
    expect(await viaTicket.open()).toBe(200);
    await waitFor('the ticket stream to replay', () => viaTicket.events.length >= 2);
    viaTicket.close();
    // Never the bearer token itself in the URL, and never a ticket twice.
    const token = liaison.authorization.replace('Bearer ', '');
    for (const query of [`access_token=${token}`, `ticket=${ticket}`]) {
      const refused = new SseClient(`${url}?${query}`, {});
      expect(await refused.open()).toBe(401);
      refused.close();
    }

    // Another department's liaison: the stream opens, filtered to nothing of this department
    // (entries go in id order, so once a fresh reader got the last one, the other got none).
    const other = new SseClient(
      url,
      as({ role: 'liaison', subject: 'l-x', departmentId: 'daman-police-station' }),
    );
    expect(await other.open()).toBe(200);
    const fresh = new SseClient(url, liaison);
    expect(await fresh.open()).toBe(200);
    await waitFor('a fresh reader to get the last entry', () => fresh.lastEventId === again.lastEventId);
    fresh.close();
    other.close();
    expect(other.events).toEqual([]);
  });

  it('texts a warning to the on-duty liaisons, level 1 to the head, level 2 to the upper center’s supervisors, once each', async () => {
    const whistle = await blow(['ganzhou-traffic-police']);
    const summonsId = whistle.summonsIds['ganzhou-traffic-police'];
    await settled(summonsId, 2, 'the summons notifications');
    const base = {
      whistleId: whistle.whistleId,
      summonsId,
      departmentId: 'ganzhou-traffic-police',
    };
    const breachId = uuidv7();
    const warning = await publishSla(raw, department, ArrivalWarningIssued, whistle.caseId, {
      ...base,
      arrivalDeadline: whistle.arrivalDeadline,
      secondsRemaining: 600,
      issuedAt: new Date().toISOString(),
    });
    const level1 = {
      ...base,
      escalationId: uuidv7(),
      breachId,
      level: 1,
      raisedAt: new Date().toISOString(),
    };
    const first = await publishSla(raw, department, EscalationRaised, whistle.caseId, {
      ...level1,
      target: { kind: 'department_head', id: 'ganzhou-traffic-police' },
    });
    const level2 = {
      ...base,
      escalationId: uuidv7(),
      breachId,
      level: 2,
      raisedAt: new Date().toISOString(),
      target: { kind: 'center' as const, id: 'shangqin-town' },
    };
    await publishSla(raw, department, EscalationRaised, whistle.caseId, level2);
    // Redelivered (same event id), and the same facts again under new event ids.
    await raw.send(department.topic('sla'), whistle.caseId, JSON.stringify(warning));
    await raw.send(department.topic('sla'), whistle.caseId, JSON.stringify(first));
    await publishSla(raw, department, EscalationRaised, whistle.caseId, level2);

    // Summons: webhook + liaison; warning: webhook + liaison; level 1: webhook + head; level 2: webhook + supervisor.
    const items = await settled(summonsId, 8, 'every notification of the summons delivered');
    const byKind = (kind: string, channel: string) =>
      items.filter((n) => n.kind === kind && n.channel === channel).map((n) => n.recipient);
    expect(byKind('warning', 'sms')).toEqual(['department:ganzhou-traffic-police:contact:liaison-1']);
    expect(byKind('escalation', 'sms').sort()).toEqual([
      'center:shangqin-town:contact:supervisor-1',
      'department:ganzhou-traffic-police:contact:head',
    ]);
    expect(byKind('escalation', 'webhook')).toHaveLength(2);
    expect(items.every((n) => n.state === 'delivered')).toBe(true);

    const liaisonTexts = await smsTo(PHONES.trafficOnDuty, whistle.caseNo);
    expect(liaisonTexts.map((m) => m.template).sort()).toEqual(['summons', 'warning']);
    const headTexts = await smsTo(PHONES.trafficHead, whistle.caseNo);
    expect(headTexts.map((m) => m.template)).toEqual(['escalation']);
    expect(headTexts[0].text).toContain('1级');
    const supervisorTexts = await smsTo(PHONES.shangqinTownSupervisor, whistle.caseNo);
    expect(supervisorTexts.map((m) => m.template)).toEqual(['escalation']);
    expect(supervisorTexts[0].text).toContain('2级');
    expect(await smsTo(PHONES.trafficOffDuty, whistle.caseNo)).toEqual([]);
    const webhookKinds = receiver
      .at('/traffic')
      .map((r) => JSON.parse(r.rawBody))
      .filter((b) => b.summonsId === summonsId)
      .map((b) => `${b.kind}${b.level ?? ''}`)
      .sort();
    expect(webhookKinds).toEqual(['escalation1', 'escalation2', 'summons', 'warning']);
  });

  it('notifies the department a declined summons is reassigned to, at the place of the whistle', async () => {
    const whistle = await blow(['shangqin-town-government']);
    const declined = whistle.summonsIds['shangqin-town-government'];
    await settled(declined, 1, 'the first department notified');
    const to = {
      summonsId: uuidv7(),
      departmentId: 'shangqin-police-station',
      departmentName: 'Shangqin Police Station',
      departmentKind: 'police_station',
    };
    const reassignedAt = new Date().toISOString();
    await publishToWhistles(
      raw,
      department,
      fromDispatch(DepartmentReassigned, {
        caseId: whistle.caseId,
        occurredAt: reassignedAt,
        payload: {
          whistleId: whistle.whistleId,
          caseNo: whistle.caseNo,
          fromDepartmentId: 'shangqin-town-government',
          fromSummonsId: declined,
          to,
          reason: 'declined',
          reassignedAt,
          arrivalDeadline: whistle.arrivalDeadline,
        },
      }),
    );
    const [sms] = await settled(to.summonsId, 1, 'the new department notified');
    expect(sms).toMatchObject({
      kind: 'summons',
      recipient: 'department:shangqin-police-station:contact:liaison-1',
    });
    // shangqin-police-station is the 7th department of the seed: its on-duty liaison is …161.
    const [text] = await smsTo('13900000161', whistle.caseNo);
    expect(text.text).toContain('安里闸村综治中心');
  });

  it('follows the duty roster edited through the API: the next summons texts whoever is on duty now', async () => {
    const edited = await put('/departments/daman-judicial-office/contacts', {
      head: { id: 'head', name: '王所长', phone: '13911110000' },
      liaisons: [
        { id: 'liaison-1', name: '李', phone: '13911110001', onDuty: false },
        { id: 'liaison-night', name: '赵', phone: '13911110009', onDuty: true },
      ],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.items.map((c: { phone: string }) => c.phone)).toContain('139****0009');
    const contacts = await get('/departments/daman-judicial-office/contacts');
    expect(contacts.body.items).toHaveLength(3);
    const whistle = await blow(['daman-judicial-office']);
    const items = await settled(whistle.summonsIds['daman-judicial-office'], 1, 'the on-duty liaison texted');
    expect(items.map((n) => n.recipient)).toEqual(['department:daman-judicial-office:contact:liaison-night']);
    expect(await smsTo('13911110009', whistle.caseNo)).toHaveLength(1);
    expect(await smsTo('13911110001', whistle.caseNo)).toHaveLength(0);

    const refused = await put('/departments/daman-judicial-office/contacts', {
      head: null,
      liaisons: [
        { id: 'x', name: 'a', phone: '123456', onDuty: true },
        { id: 'x', name: 'b', phone: '1234567', onDuty: true },
      ],
    });
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 400,
      code: 'CONTACT_ID_REPEATED',
    });
    const badPhone = await put('/centers/shangqin-town/supervisors', {
      supervisors: [{ id: 's', name: 'a', phone: 'call me' }],
    });
    expect(badPhone.status).toBe(400);
    expect(JSON.stringify(badPhone.body)).toContain('phone');
    const unknownCenter = await put('/centers/atlantis/supervisors', { supervisors: [] });
    expect({ status: unknownCenter.status, code: unknownCenter.body.code }).toEqual({
      status: 404,
      code: 'CENTER_NOT_FOUND',
    });
  });
});

describe('department notifications through the HTTP SMS gateway adapter', () => {
  const receiver = new WebhookReceiver();
  let department: RunningService;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);

  beforeAll(async () => {
    const url = await receiver.start();
    // The gateway refuses the first request it gets (recorded before it answers), then accepts.
    receiver.answer = () => (receiver.at('/sms').length <= 1 ? 502 : 200);
    department = await startNotifyingDepartment(
      {},
      {
        ...FAST_NOTIFICATIONS,
        sms: {
          gateway: 'http',
          endpoint: `${url}/sms`,
          apiKey: 'gateway-key',
          templateIds: { summons: 'SMS_0001' },
        },
      },
    );
  });

  afterAll(async () => {
    await raw.stop();
    await department?.close();
    await receiver.stop();
  });

  it('posts template id and parameters (no personal data), with the API key, retrying with the same message id', async () => {
    const whistle = whistleBlown([summoned('daman-town-government')], newCase('GW-'));
    await publishToWhistles(raw, department, whistle.event);
    await waitFor('the gateway to accept the message', () => receiver.at('/sms').length === 2, {
      timeoutMs: 30000,
    });
    const [first, second] = receiver.at('/sms');
    expect(first.rawBody).toBe(second.rawBody);
    expect(first.headers.authorization).toBe('Bearer gateway-key');
    const body = JSON.parse(first.rawBody);
    expect(body).toEqual({
      outId: expect.any(String),
      phoneNumbers: '13900000211',
      templateCode: 'SMS_0001',
      templateParam: {
        caseNo: whistle.caseNo,
        place: '安里闸村综治中心',
        deadline: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
        replyCode: 1,
      },
    });
    const answer = await waitFor('the notification delivered', async () => {
      const r = await http(
        department.baseUrl,
        'GET',
        `/summons/${whistle.summonsIds['daman-town-government']}/notifications`,
        undefined,
        ops,
      );
      return r.body.items?.[0]?.state === 'delivered' && r.body.items[0];
    });
    expect(answer.id).toBe(body.outId);
    expect(answer.history.map((a: { statusCode: number }) => a.statusCode)).toEqual([502, 200]);
  });
});
