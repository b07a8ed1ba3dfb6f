import { RawProducer, as, http, waitFor, type Json, type RunningService } from '@chuishao/testing';
import { DataSource } from 'typeorm';
import { newCase, publishToWhistles, whistleBlown } from './support/fixtures';
import { FAST_NOTIFICATIONS, WebhookReceiver, startNotifyingDepartment } from './support/notifications';

/**
 * Issue 20 item 7: a department whose webhook fails its last N attempts is said to be down, once
 * (DepartmentWebhookOutageDetected, on the outside-health stream), and up again at its next
 * delivery (DepartmentWebhookOutageEnded). Real PostgreSQL and Kafka, a real receiver that fails.
 */
describe('department webhook health (real PostgreSQL and Kafka)', () => {
  const DEPARTMENT = 'shangqin-town-government';
  let department: RunningService;
  const raw = new RawProducer(process.env.KAFKA_BROKERS!);
  const receiver = new WebhookReceiver();
  let down = true;

  beforeAll(async () => {
    receiver.answer = (path) => (path === '/town' && down ? 503 : 200);
    const receiverUrl = await receiver.start();
    department = await startNotifyingDepartment({}, { ...FAST_NOTIFICATIONS, webhookOutageAfter: 3 });
    const put = await http(
      department.baseUrl,
      'PUT',
      `/departments/${DEPARTMENT}/webhook`,
      { url: `${receiverUrl}/town`, secret: 'a-webhook-secret-of-the-town-government' },
      as({ role: 'ops', subject: 'ops-1' }),
    );
    expect(put.status).toBe(200);
  });

  afterAll(async () => {
    await raw.stop();
    await department?.close();
    await receiver.stop();
  });

  const announced = async (): Promise<Json[]> =>
    (
      await department.app
        .get(DataSource)
        .query(`SELECT envelope FROM outbox WHERE event_type LIKE 'DepartmentWebhookOutage%' ORDER BY seq`)
    ).map((r: { envelope: Json }) => r.envelope);

  async function blow(): Promise<void> {
    const whistle = whistleBlown(
      [{ departmentId: DEPARTMENT, departmentName: 'Shangqin town', departmentKind: 'town_government' }],
      newCase('WHH-'),
    );
    await publishToWhistles(raw, department, whistle.event);
  }

  it('three failures in a row are an outage, said once; the next delivery ends it', async () => {
    await blow();
    // FAST_NOTIFICATIONS gives a notification 4 attempts: the third failure begins the outage.
    const [detected] = await waitFor('the outage to be said', async () => {
      const events = await announced();
      return events.length > 0 && events;
    });
    expect(detected).toMatchObject({
      type: 'DepartmentWebhookOutageDetected',
      caseId: '00000000-0000-7000-8000-000000000002',
      payload: {
        departmentId: DEPARTMENT,
        consecutiveFailures: 3,
        lastError: 'receiver_status',
      },
    });
    await waitFor('the fourth attempt to fail', async () => receiver.at('/town').length >= 4);
    const outageOnMetrics = async () =>
      /chuishao_webhook_outage\{department="shangqin-town-government"[^}]*\} 1/.test(
        (await http(department.baseUrl, 'GET', '/metrics')).body as string,
      );
    expect(await outageOnMetrics()).toBe(true);

    down = false;
    await blow();
    const events = await waitFor('the outage to end', async () => {
      const all = await announced();
      return all.length === 2 && all;
    });
    expect(events.map((e) => e.type)).toEqual([
      'DepartmentWebhookOutageDetected',
      'DepartmentWebhookOutageEnded',
    ]);
    expect(events[1]).toMatchObject({
      payload: { departmentId: DEPARTMENT, failingSince: (detected as Json).payload.failingSince },
    });
    expect(await outageOnMetrics()).toBe(false);
    const rows = await department.app.get(DataSource).query('SELECT * FROM webhook_health');
    expect(rows).toEqual([]);
  });
});
