import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Client } from 'pg';
import { bearer, call } from './api';
import type { BenchSystem } from './bench-system';
import { waitUntil, type Infra } from './system';

/**
 * The departments' webhooks, received inside the bench process: each summoned department's
 * webhook (`PUT /departments/:id/webhook`) points at one small HTTP server on 127.0.0.1, which
 * notes when the notification of each summons (kind `summons`) first arrived. The department
 * allows a loopback http target only under CHUISHAO_DEV=1 (its webhook target policy,
 * notification-settings.ts); the bench starts every service so (system.ts), so nothing else is set.
 */
export class WebhookReceiver {
  /** summonsId → when its `summons` notification first arrived (ms since the epoch). */
  private readonly arrivals = new Map<string, number>();
  private readonly departments = new Set<string>();
  /** Requests whose X-Chuishao-Signature did not match: a delivery the receiver would refuse. */
  badSignatures = 0;
  /** Repeats of a delivery id already received (the department delivers at least once). */
  repeats = 0;
  private readonly deliveryIds = new Set<string>();
  private readonly secret = randomBytes(24).toString('hex');

  private readonly server: Server = createServer((request, response) => {
    void readBody(request).then((raw) => response.writeHead(this.receive(request, raw) ? 204 : 401).end());
  });
  /** Where the department POSTs, once listening. */
  url = '';

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    // One client (the department's agent) keeps its connections: no idle timeout to cut them.
    receiver.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.server.address() as { port: number };
    receiver.url = `http://127.0.0.1:${port}/webhook`;
    return receiver;
  }

  /** Registers the receiver as the webhook of each department (ops, as a person would). */
  async arm(system: BenchSystem, departmentIds: Iterable<string>): Promise<void> {
    const ops = bearer('ops');
    for (const id of departmentIds) {
      await call(system.urls.department, 'PUT', `/departments/${id}/webhook`, ops, {
        url: this.url,
        secret: this.secret,
      });
      this.departments.add(id);
    }
  }

  /** When the `summons` notification of a summons arrived, if it has. */
  arrivedAt(summonsId: string): number | undefined {
    return this.arrivals.get(summonsId);
  }

  /** Waits until every one of `summonsIds` has arrived, or the deadline passes (then resolves). */
  async awaitArrivals(summonsIds: readonly string[], timeoutMs: number): Promise<void> {
    if (summonsIds.length === 0) return;
    await waitUntil(
      'the webhook notifications of every summons',
      () => Promise.resolve(summonsIds.every((id) => this.arrivals.has(id))),
      timeoutMs,
      20,
    ).catch(() => undefined);
  }

  /**
   * Takes the webhooks away again, so the sections after the open loop (HTTP, profile) run as
   * before: waits until no webhook notification is pending (all delivered here), then deletes
   * the departments' webhook rows (the department has no API to remove one; it reads them at
   * each planning and delivery, so a deleted row is simply no webhook). A notification still
   * pending when its webhook is gone would be retried for a day (and the HTTP section waits for
   * none pending), so when the backlog does not drain in time the webhooks stay, and the
   * receiver keeps answering until `stop`. Answers whether they were taken away.
   */
  async disarm(system: BenchSystem, infra: Infra, timeoutMs = 180_000): Promise<boolean> {
    const db = new Client({ connectionString: infra.databaseUrl });
    await db.connect();
    const schema = system.schema('department');
    try {
      const drained = await waitUntil(
        'the department to deliver its pending webhook notifications',
        async () => {
          const { rows } = await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM "${schema}".notifications WHERE state = 'pending' AND channel = 'webhook'`,
          );
          return rows[0].n === 0;
        },
        timeoutMs,
        200,
      ).catch(() => false);
      if (!drained) return false;
      await db.query(`DELETE FROM "${schema}".department_webhooks WHERE department_id = ANY($1::text[])`, [
        [...this.departments],
      ]);
      return true;
    } finally {
      await db.end();
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(request: IncomingMessage, raw: string): boolean {
    const timestamp = String(request.headers['x-chuishao-timestamp'] ?? '');
    const signature = String(request.headers['x-chuishao-signature'] ?? '');
    const expected = `sha256=${createHmac('sha256', this.secret).update(`${timestamp}.${raw}`).digest('hex')}`;
    if (
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ) {
      this.badSignatures++;
      return false;
    }
    const deliveryId = String(request.headers['x-chuishao-delivery-id'] ?? '');
    if (this.deliveryIds.has(deliveryId)) this.repeats++;
    this.deliveryIds.add(deliveryId);
    const body = JSON.parse(raw) as { kind?: string; summonsId?: string };
    if (body.kind === 'summons' && body.summonsId && !this.arrivals.has(body.summonsId))
      this.arrivals.set(body.summonsId, Date.now());
    return true;
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
