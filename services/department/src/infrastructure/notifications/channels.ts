import { createHmac } from 'node:crypto';
import type { NotificationMessage } from '../../domain/notification';

/** What one delivery attempt came to: done on success (a 2xx), else tried again later. */
export interface DeliveryOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
}

/**
 * `X-Chuishao-Signature: sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, the
 * scheme of the court callbacks: the receiver recomputes it over the bytes it got and the
 * `X-Chuishao-Timestamp` header (unix seconds), and refuses stale timestamps against replays.
 */
export function webhookSignature(secret: string, timestamp: number, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

export interface WebhookRequest {
  url: string;
  secret: string;
  deliveryId: string;
  /** Unix seconds of this attempt. */
  timestamp: number;
  rawBody: string;
  timeoutMs: number;
}

function failure(error: unknown): DeliveryOutcome {
  const cause = (error as { cause?: { code?: string } })?.cause?.code;
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, statusCode: null, error: (cause ? `${message} (${cause})` : message).slice(0, 500) };
}

/** One POST of a signed JSON body. Redirects are not followed: the registered URL is the receiver. */
export async function postWebhook(request: WebhookRequest): Promise<DeliveryOutcome> {
  try {
    const response = await fetch(request.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(request.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'chuishao-department-webhooks/1',
        'x-chuishao-delivery-id': request.deliveryId,
        'x-chuishao-timestamp': String(request.timestamp),
        'x-chuishao-signature': webhookSignature(request.secret, request.timestamp, request.rawBody),
      },
      body: request.rawBody,
    });
    await response.arrayBuffer().catch(() => undefined);
    const ok = response.status >= 200 && response.status < 300;
    return { ok, statusCode: response.status, error: ok ? null : `receiver answered ${response.status}` };
  } catch (error) {
    return failure(error);
  }
}

/** A text message as the gateway gets it: template and parameters (case number, place, deadline). */
export interface SmsMessage {
  deliveryId: string;
  to: string;
  message: NotificationMessage;
}

/** The SMS gateway port: the simulator records messages; the HTTP adapter posts to the real gateway. */
export interface SmsGateway {
  send(sms: SmsMessage): Promise<DeliveryOutcome>;
}

export const SMS_GATEWAY = Symbol.for('chuishao.department.SmsGateway');

export interface HttpSmsGatewayConfig {
  endpoint: string;
  apiKey: string | null;
  templateIds: Record<string, string>;
  timeoutMs: number;
}

/**
 * The real gateway, by configuration (SMS_GATEWAY=http): a JSON POST of the recipient, the
 * template id registered with the carrier for the message kind, and its parameters. The gateway
 * deduplicates on the delivery id it is given (`outId`), as Chinese SMS gateways commonly do.
 */
export class HttpSmsGateway implements SmsGateway {
  constructor(private readonly config: HttpSmsGatewayConfig) {}

  async send(sms: SmsMessage): Promise<DeliveryOutcome> {
    try {
      const response = await fetch(this.config.endpoint, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(this.config.timeoutMs),
        headers: {
          'content-type': 'application/json',
          ...(this.config.apiKey ? { authorization: `Bearer ${this.config.apiKey}` } : {}),
        },
        body: JSON.stringify({
          outId: sms.deliveryId,
          phoneNumbers: sms.to,
          templateCode: this.config.templateIds[sms.message.template] ?? sms.message.template,
          templateParam: sms.message.params,
        }),
      });
      await response.arrayBuffer().catch(() => undefined);
      const ok = response.status >= 200 && response.status < 300;
      return { ok, statusCode: response.status, error: ok ? null : `gateway answered ${response.status}` };
    } catch (error) {
      return failure(error);
    }
  }
}
