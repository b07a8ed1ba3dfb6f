import { bodySignature } from '@chuishao/platform';
import http from 'node:http';
import https from 'node:https';
import { InvalidError } from '@chuishao/kernel';
import type { WithWrite } from '../persistence/delivery.store';
import {
  ADDRESS_REFUSED,
  assertWebhookTarget,
  guardedLookup,
  type WebhookTargetPolicy,
} from './webhook-target';

/** What one delivery attempt came to: done on success (a 2xx), else tried again later. */
export interface DeliveryOutcome {
  ok: boolean;
  statusCode: number | null;
  /** A DeliveryFailure category, null on success. */
  error: string | null;
}

/**
 * `X-Chuishao-Signature: sha256=<hex of HMAC-SHA256(secret, "<timestamp>.<raw body>")>`, the
 * scheme of the court callbacks: the receiver recomputes it over the bytes it got and the
 * `X-Chuishao-Timestamp` header (unix seconds), and refuses stale timestamps against replays.
 */
export function webhookSignature(secret: string, timestamp: number, rawBody: string): string {
  return bodySignature(secret, timestamp, rawBody);
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

/**
 * What the delivery log says of a failed attempt: a category, never the raw network error (it can
 * name inside hosts and addresses, or carry the receiver's words).
 */
export type DeliveryFailure =
  'address_refused' | 'timeout' | 'dns_failed' | 'connection_failed' | 'tls_failed' | 'receiver_status';

export function failureCategory(error: unknown): DeliveryFailure {
  const err = error as { code?: string; name?: string; cause?: { code?: string } };
  const code = err?.cause?.code ?? err?.code ?? '';
  if (code === ADDRESS_REFUSED || (error instanceof InvalidError && error.code === 'WEBHOOK_URL_NOT_ALLOWED'))
    return 'address_refused';
  if (code === 'ETIMEDOUT' || err?.name === 'TimeoutError' || err?.name === 'AbortError') return 'timeout';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns_failed';
  if (/^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED)/.test(code)) return 'tls_failed';
  return 'connection_failed';
}

function failure(error: unknown): DeliveryOutcome {
  return { ok: false, statusCode: null, error: failureCategory(error) };
}

function answered(statusCode: number): DeliveryOutcome {
  const ok = statusCode >= 200 && statusCode < 300;
  return { ok, statusCode, error: ok ? null : 'receiver_status' };
}

/** The agents webhooks go out through: their lookup refuses inside addresses after resolution. */
export function webhookAgents(policy: WebhookTargetPolicy) {
  const lookup = guardedLookup(policy);
  return { 'http:': new http.Agent({ lookup }), 'https:': new https.Agent({ lookup }) };
}

/**
 * One POST of a signed JSON body. Redirects are not followed: the registered URL is the receiver.
 * The URL is checked again before the attempt (an IP literal never reaches the lookup) and the
 * agent's lookup checks what the name resolves to now.
 */
export function postWebhook(
  request: WebhookRequest,
  policy: WebhookTargetPolicy,
  agents = webhookAgents(policy),
): Promise<DeliveryOutcome> {
  try {
    assertWebhookTarget(request.url, policy);
  } catch (error) {
    return Promise.resolve(failure(error));
  }
  const url = new URL(request.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const outgoing = client.request(url, {
      method: 'POST',
      agent: agents[url.protocol as 'http:' | 'https:'],
      signal: AbortSignal.timeout(request.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'chuishao-department-webhooks/1',
        'x-chuishao-delivery-id': request.deliveryId,
        'x-chuishao-timestamp': String(request.timestamp),
        'x-chuishao-signature': webhookSignature(request.secret, request.timestamp, request.rawBody),
      },
    });
    outgoing.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(answered(response.statusCode ?? 0)));
      response.on('error', (error) => resolve(failure(error)));
    });
    outgoing.on('error', (error) => resolve(failure(error)));
    outgoing.end(request.rawBody);
  });
}

/**
 * A text as the gateway gets it: the template registered for its kind (or `bundle` for several
 * notifications in one, domain/sms-bundle.ts) with its parameters, and the text itself.
 */
export interface SmsMessage {
  deliveryId: string;
  to: string;
  template: string;
  params: Record<string, string | number>;
  text: string;
}

/**
 * What the gateway answered, and what it keeps of the text in this database, if anything
 * (`recorded`): written by the statement that settles the text's attempts, so it is there exactly
 * when the attempt commits, at no round trip of its own.
 */
export interface SmsSent extends DeliveryOutcome {
  recorded?: WithWrite;
}

/** The SMS gateway port: the simulator records messages; the HTTP adapter posts to the real gateway. */
export interface SmsGateway {
  send(sms: SmsMessage): Promise<SmsSent>;
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
          templateCode: this.config.templateIds[sms.template] ?? sms.template,
          templateParam: sms.params,
        }),
      });
      await response.arrayBuffer().catch(() => undefined);
      return answered(response.status);
    } catch (error) {
      return failure(error);
    }
  }
}
