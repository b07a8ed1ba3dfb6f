import { as, http, RawProducer, uniqueTestTag, waitFor, type RunningService } from '@chuishao/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { Client } from 'pg';
import { newCase, whistleBlown } from './support/fixtures';
import { startNotifyingDepartment, WebhookReceiver } from './support/notifications';

/**
 * Issue 5: "killing the department service between writing a summons and delivering it: the
 * notification still goes out once after restart". The service runs as a child process (the
 * built dist/src/main.js: run `npx tsc -b services/department` first) and is killed with SIGKILL
 * while the webhook receiver holds the first delivery attempt open: the summons and its
 * notifications are committed, the attempt is not. A fresh instance on the same schema delivers
 * it, with the same delivery id, and sends no second SMS.
 */

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const ops = as({ role: 'ops', subject: 'ops-crash' });
const DEPARTMENT = 'ganzhou-traffic-police';
const ON_DUTY_LIAISON = '13900000101';

describe('department notifications survive kill -9', () => {
  it('delivers a notification written before the crash exactly once in effect after restart', async () => {
    const schema = uniqueTestTag('deptkill');
    const prefix = `${uniqueTestTag('p')}.`;
    const receiver = new WebhookReceiver();
    // The first attempt of any delivery is held open: the child dies in the middle of it.
    receiver.answer = (_path, seenBefore) => (seenBefore === 0 ? 'hang' : 200);
    const receiverUrl = await receiver.start();
    const port = await freePort();
    const child: ChildProcess = spawn(
      process.execPath,
      [path.join(__dirname, '..', 'dist', 'src', 'main.js')],
      {
        env: {
          ...process.env,
          PORT: String(port),
          HOST: '127.0.0.1',
          DB_SCHEMA: schema,
          KAFKA_TOPIC_PREFIX: prefix,
          NOTIFY_RETRY_BASE_MS: '200',
          NOTIFY_POLL_INTERVAL_MS: '250',
          // The attempt the kill interrupts holds its lease this long: then the restart takes it.
          NOTIFY_WEBHOOK_TIMEOUT_MS: '2000',
          NOTIFY_LEASE_MS: '3000',
          LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const raw = new RawProducer(process.env.KAFKA_BROKERS!);
    const pg = new Client({ connectionString: process.env.DATABASE_URL });
    await pg.connect();
    let restarted: RunningService | null = null;
    try {
      const childUrl = `http://127.0.0.1:${port}`;
      await waitFor(
        'the child department service to be ready',
        async () => (await fetch(`${childUrl}/health/ready`).catch(() => null))?.status === 200,
        { timeoutMs: 60000 },
      );
      const set = await http(
        childUrl,
        'PUT',
        `/departments/${DEPARTMENT}/webhook`,
        {
          url: `${receiverUrl}/crash`,
          secret: 'the-secret-of-the-crash-test',
        },
        ops,
      );
      expect(set.status).toBe(200);

      const whistle = whistleBlown(
        [{ departmentId: DEPARTMENT, departmentName: DEPARTMENT, departmentKind: 'traffic_police' }],
        newCase('KILL-'),
      );
      const summonsId = whistle.summonsIds[DEPARTMENT];
      await raw.send(`${prefix}whistles`, whistle.caseId, JSON.stringify(whistle.event));
      await waitFor('the first webhook attempt to reach the receiver', () => receiver.received.length === 1, {
        timeoutMs: 30000,
      });
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));

      const webhookRow = async () =>
        (
          await pg.query(
            `SELECT id, state, attempts FROM "${schema}".notifications WHERE summons_id = $1 AND channel = 'webhook'`,
            [summonsId],
          )
        ).rows;
      // Committed with the summons; its attempt died with the process.
      expect(await webhookRow()).toEqual([{ id: expect.any(String), state: 'pending', attempts: 0 }]);

      restarted = await startNotifyingDepartment({ topicPrefix: prefix, env: { DB_SCHEMA: schema } });
      const service = restarted;
      const delivered = await waitFor(
        'the notification delivered after restart',
        async () => {
          const answer = await http(
            service.baseUrl,
            'GET',
            `/summons/${summonsId}/notifications`,
            undefined,
            ops,
          );
          const items = answer.body.items as Array<{
            id: string;
            channel: string;
            state: string;
            history: unknown[];
          }>;
          return items.length === 2 && items.every((n) => n.state === 'delivered') && items;
        },
        { timeoutMs: 30000 },
      );
      const webhook = delivered.find((n) => n.channel === 'webhook')!;
      expect(webhook.history).toEqual([
        expect.objectContaining({ attempt: 1, outcome: 'delivered', statusCode: 200 }),
      ]);
      // Twice on the wire (the first answer never came), one delivery id: once in effect.
      expect(receiver.received.map((r) => r.headers['x-chuishao-delivery-id'])).toEqual([
        webhook.id,
        webhook.id,
      ]);
      const texts = await http(
        service.baseUrl,
        'GET',
        `/sms-simulator/messages?to=${ON_DUTY_LIAISON}`,
        undefined,
        ops,
      );
      expect(texts.body.items.filter((m: { text: string }) => m.text.includes(whistle.caseNo))).toHaveLength(
        1,
      );
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await raw.stop();
      await pg.end();
      await restarted?.close();
      await receiver.stop();
    }
  });
});
