import { developmentSwitch } from '@chuishao/auth';
import { DEFAULT_RETRY_POLICY, validateRetryPolicy, type RetryPolicy } from '../domain/notification';

export const NOTIFICATION_SETTINGS = Symbol.for('chuishao.department.NotificationSettings');

export type SmsGatewayKind = 'simulator' | 'http';

export interface NotificationSettings {
  retry: RetryPolicy;
  /** The delivery worker's sweep: a pass this often even when nothing woke it (NOTIFY_POLL_INTERVAL_MS). */
  pollIntervalMs: number;
  /** Deliveries attempted at once (NOTIFY_CONCURRENCY). */
  concurrency: number;
  /** How long a webhook receiver may take to answer (NOTIFY_WEBHOOK_TIMEOUT_MS). */
  webhookTimeoutMs: number;
  /**
   * Where webhooks may point: https outside, never an inside address; CHUISHAO_DEV=1 also allows
   * http and loopback (the tests and the demo receive on 127.0.0.1), and nothing else inside.
   */
  webhookTargets: { development: boolean };
  /** Off only for tests that drive the worker by hand (NOTIFY_WORKER_ENABLED=false). */
  workerEnabled: boolean;
  /** SSE: a comment line this often keeps proxies from closing an idle stream (NOTIFY_STREAM_HEARTBEAT_MS). */
  streamHeartbeatMs: number;
  sms: {
    gateway: SmsGatewayKind;
    /** The real gateway (SMS_GATEWAY=http): where to POST, its API key, its template id per message kind. */
    endpoint: string | null;
    apiKey: string | null;
    templateIds: Record<string, string>;
  };
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number, got ${raw}`);
  return value;
}

export function loadNotificationSettings(env: NodeJS.ProcessEnv = process.env): NotificationSettings {
  const gateway = (env.SMS_GATEWAY ?? 'simulator') as SmsGatewayKind;
  if (gateway !== 'simulator' && gateway !== 'http')
    throw new Error(`SMS_GATEWAY must be simulator or http, got ${String(gateway)}`);
  let templateIds: Record<string, string> = {};
  if (env.SMS_TEMPLATE_IDS?.trim()) {
    try {
      templateIds = JSON.parse(env.SMS_TEMPLATE_IDS) as Record<string, string>;
    } catch (error) {
      throw new Error(`SMS_TEMPLATE_IDS must be a JSON object: ${String(error)}`);
    }
  }
  const endpoint = env.SMS_GATEWAY_URL?.trim() || null;
  if (gateway === 'http' && !endpoint) throw new Error('SMS_GATEWAY=http needs SMS_GATEWAY_URL');
  return {
    retry: validateRetryPolicy({
      baseDelayMs: positiveInt(env, 'NOTIFY_RETRY_BASE_MS', DEFAULT_RETRY_POLICY.baseDelayMs),
      maxDelayMs: positiveInt(env, 'NOTIFY_RETRY_MAX_DELAY_MS', DEFAULT_RETRY_POLICY.maxDelayMs),
      maxAttempts: positiveInt(env, 'NOTIFY_MAX_ATTEMPTS', DEFAULT_RETRY_POLICY.maxAttempts),
      giveUpAfterMs: positiveInt(env, 'NOTIFY_GIVE_UP_AFTER_MS', DEFAULT_RETRY_POLICY.giveUpAfterMs),
    }),
    pollIntervalMs: positiveInt(env, 'NOTIFY_POLL_INTERVAL_MS', 2000),
    concurrency: positiveInt(env, 'NOTIFY_CONCURRENCY', 4),
    webhookTimeoutMs: positiveInt(env, 'NOTIFY_WEBHOOK_TIMEOUT_MS', 10_000),
    webhookTargets: { development: developmentSwitch(env) },
    workerEnabled: env.NOTIFY_WORKER_ENABLED !== 'false',
    streamHeartbeatMs: positiveInt(env, 'NOTIFY_STREAM_HEARTBEAT_MS', 15_000),
    sms: { gateway, endpoint, apiKey: env.SMS_GATEWAY_KEY?.trim() || null, templateIds },
  };
}
