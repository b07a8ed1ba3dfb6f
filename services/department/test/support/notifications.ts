/**
 * What the notification suites share: a webhook receiver that checks nothing itself but records
 * every request (bytes, headers) and answers as the test scripts it, an SSE client that reads a
 * department's live stream, the service booted with second-scale retries, and SLA events as
 * sla-timer would publish them.
 */
import {
  ArrivalWarningIssued,
  EscalationRaised,
  createEvent,
  type EventDefinition,
  type PayloadOf,
} from '@chuishao/contracts';
import { uuidv7 } from '@chuishao/kernel';
import { startService, type HarnessOptions, type RawProducer, type RunningService } from '@chuishao/testing';
import { createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AppModule, DEPARTMENT_DESCRIPTION } from '../../src/app.module';
import type { NotificationSettings } from '../../src/application/notification-settings';

/**
 * Retries after 200 ms, 400 ms, 800 ms; four attempts in all. No SMS throttle: these suites text
 * one seeded liaison many times a minute, and sms-throttle.int.spec.ts is where the limits are tried.
 */
export const FAST_NOTIFICATIONS: Partial<NotificationSettings> = {
  retry: { baseDelayMs: 200, maxDelayMs: 1000, maxAttempts: 4, giveUpAfterMs: 600_000 },
  smsLimits: [],
  pollIntervalMs: 250,
  webhookTimeoutMs: 5000,
};

export function startNotifyingDepartment(
  options: HarnessOptions = {},
  notifications: Partial<NotificationSettings> = FAST_NOTIFICATIONS,
): Promise<RunningService> {
  return startService(
    'department',
    (config) => AppModule.forRoot(config, { notifications }),
    DEPARTMENT_DESCRIPTION,
    options,
  );
}

export interface ReceivedWebhook {
  path: string;
  headers: IncomingMessage['headers'];
  rawBody: string;
}

/** What the receiver answers to a request: a status, or `'hang'` to never answer. */
export type Answer = number | 'hang';

/**
 * A department's webhook endpoint as a test stands it up: records everything, answers what
 * `answer` says for the request (by path and how many times that delivery id was seen).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server: Server | null = null;
  private readonly hanging: ServerResponse[] = [];
  answer: (path: string, seenBefore: number) => Answer = () => 200;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const deliveryId = String(req.headers['x-chuishao-delivery-id']);
        const seenBefore = this.received.filter(
          (r) => r.path === req.url && r.headers['x-chuishao-delivery-id'] === deliveryId,
        ).length;
        this.received.push({
          path: req.url ?? '',
          headers: req.headers,
          rawBody: Buffer.concat(chunks).toString('utf8'),
        });
        const answer = this.answer(req.url ?? '', seenBefore);
        if (answer === 'hang') {
          this.hanging.push(res);
          return;
        }
        res.statusCode = answer;
        res.end();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    return `http://127.0.0.1:${port}`;
  }

  at(path: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.path === path);
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve) ?? resolve(undefined));
  }
}

/** The receiver's side of the signature scheme, written independently of the service's code. */
export function signatureValid(secret: string, webhook: ReceivedWebhook): boolean {
  const timestamp = String(webhook.headers['x-chuishao-timestamp']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${webhook.rawBody}`).digest('hex')}`;
  return webhook.headers['x-chuishao-signature'] === expected;
}

export { SseClient, type StreamedEvent } from '@chuishao/testing';

/** An event as sla-timer publishes it on a case, onto the department's `sla` topic. */
export async function publishSla<D extends EventDefinition>(
  raw: RawProducer,
  department: RunningService,
  definition: D,
  caseId: string,
  payload: PayloadOf<D>,
  id: string = uuidv7(),
) {
  const event = createEvent(definition, {
    id,
    occurredAt: new Date(),
    caseId,
    correlationId: caseId,
    actor: { role: 'system', id: 'sla-timer' },
    payload,
  });
  await raw.send(department.topic('sla'), caseId, JSON.stringify(event));
  return event;
}

export { ArrivalWarningIssued, EscalationRaised };
