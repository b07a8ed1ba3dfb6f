import { uuidv7 } from '@chuishao/kernel';
import { as, http, type RunningService } from '@chuishao/testing';
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import { postWebhook, webhookAgents } from '../src/infrastructure/notifications/channels';
import { startNotifyingDepartment } from './support/notifications';

/**
 * Webhooks cannot be aimed inside: refused when set (400 naming `url`), and again at connect time
 * by the agent's lookup after DNS resolution. The tests run under CHUISHAO_DEV=1, where loopback
 * (and only loopback) stays allowed so they and the demo can receive on 127.0.0.1.
 */

const OPS = as({ role: 'ops', subject: 'ops-1' });
const DISPATCH_SERVICE = as({ role: 'ops', subject: 'service:dispatch' });
const SECRET = 'a-webhook-secret-of-the-traffic-police';
const PRODUCTION = { development: false };
const DEVELOPMENT = { development: true };

describe('webhook targets (real PostgreSQL, Kafka and sockets)', () => {
  let department: RunningService;
  let receiver: Server;
  let port: number;
  let connections = 0;

  beforeAll(async () => {
    receiver = createServer((_req, res) => res.end('ok'));
    receiver.on('connection', () => (connections += 1));
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    port = (receiver.address() as AddressInfo).port;
    department = await startNotifyingDepartment();
  });

  afterAll(async () => {
    await department?.close();
    await new Promise((resolve) => receiver.close(resolve));
  });

  const webhooks = async () =>
    department.app
      .get(DataSource)
      .query(`SELECT department_id, url FROM department_webhooks ORDER BY department_id`);
  const setWebhook = (url: string, headers = OPS) =>
    http(
      department.baseUrl,
      'PUT',
      '/departments/ganzhou-traffic-police/webhook',
      { url, secret: SECRET },
      { ...headers, 'idempotency-key': uuidv7() },
    );

  it.each([
    'http://10.0.0.5/hook',
    'http://172.20.1.1/hook',
    'http://192.168.1.10/hook',
    'http://169.254.169.254/latest/meta-data',
    'http://[fd00::5]/hook',
    'http://[fe80::1]/hook',
    'http://0.0.0.0/hook',
  ])('refuses %s when set with 400 naming url, and changes nothing', async (url) => {
    const before = await webhooks();
    const refused = await setWebhook(url);
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('WEBHOOK_URL_NOT_ALLOWED');
    expect(JSON.stringify(refused.body)).toContain('"url"');
    expect(await webhooks()).toEqual(before);
  });

  it('allows loopback under CHUISHAO_DEV=1, explicitly (the tests and the demo deliver to 127.0.0.1)', async () => {
    const set = await setWebhook(`http://127.0.0.1:${port}/hook`);
    expect(set.status).toBe(200);
  });

  it("refuses dispatch's service token a webhook (it reads the directory only), changing nothing", async () => {
    const before = await webhooks();
    const refused = await setWebhook(`http://127.0.0.1:${port}/other`, DISPATCH_SERVICE);
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 403,
      code: 'SERVICE_ACCOUNT_READ_ONLY',
    });
    expect(await webhooks()).toEqual(before);
    const read = await http(department.baseUrl, 'GET', '/departments', undefined, DISPATCH_SERVICE);
    expect(read.status).toBe(200);
  });

  it('refuses at connect time a name that resolves inside (DNS rebinding): the agent never connects', async () => {
    const before = connections;
    const outcome = await new Promise<string>((resolve) => {
      const agent = webhookAgents(PRODUCTION)['http:'];
      const outgoing = httpRequest(`http://localhost:${port}/hook`, { agent, method: 'POST' }, (res) => {
        res.resume();
        resolve(`answered ${res.statusCode}`);
      });
      outgoing.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'no code'));
      outgoing.end('{}');
    });
    expect(outcome).toBe('EWEBHOOKADDRESS');
    expect(connections).toBe(before);
  });

  it('lets the same agent through to loopback under CHUISHAO_DEV=1', async () => {
    const outcome = await postWebhook(
      {
        url: `http://localhost:${port}/hook`,
        secret: SECRET,
        deliveryId: uuidv7(),
        timestamp: 1,
        rawBody: '{}',
        timeoutMs: 5000,
      },
      DEVELOPMENT,
    );
    expect(outcome).toEqual({ ok: true, statusCode: 200, error: null });
  });

  it('logs a status and a category, never the raw network error', async () => {
    const request = { secret: SECRET, deliveryId: uuidv7(), timestamp: 1, rawBody: '{}', timeoutMs: 5000 };
    expect(await postWebhook({ ...request, url: `http://127.0.0.1:${port}/hook` }, PRODUCTION)).toEqual({
      ok: false,
      statusCode: null,
      error: 'address_refused',
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(
      await postWebhook({ ...request, url: `http://127.0.0.1:${closedPort}/hook` }, DEVELOPMENT),
    ).toEqual({
      ok: false,
      statusCode: null,
      error: 'connection_failed',
    });
  });
});
