import {
  developmentVariables,
  envValue,
  guessableSecretProblem,
  jsonObject,
  loadSettings,
  oneOf,
  onOffSwitch,
  optionalEndpoint,
  optionalText,
  positiveWholeNumber,
  refuse,
  refuseDevelopmentInProduction,
  whenValid,
  type Environment,
} from '@chuishao/kernel';
import { z } from 'zod';
import { DEFAULT_RETRY_POLICY, validateRetryPolicy } from '../domain/notification';
import { DEFAULT_SMS_LIMITS, parseSmsLimits, type SmsLimit } from '../domain/sms-throttle';

/** The SMS simulator's inbound signing secret: published, so accepted under CHUISHAO_DEV=1 only. */
export const DEVELOPMENT_SMS_INBOUND_SECRET = 'dev-sms-inbound-secret';

export const NOTIFICATION_SETTINGS = Symbol.for('chuishao.department.NotificationSettings');

export const SMS_GATEWAY_KINDS = ['simulator', 'http'] as const;
export type SmsGatewayKind = (typeof SMS_GATEWAY_KINDS)[number];

/** department's notification environment, each variable with its default and meaning (README). */
export const notificationSettingsSchema = z
  .object({
    ...developmentVariables,
    NOTIFY_RETRY_BASE_MS: positiveWholeNumber(DEFAULT_RETRY_POLICY.baseDelayMs).describe(
      'first retry of a failed delivery; doubles per attempt',
    ),
    NOTIFY_RETRY_MAX_DELAY_MS: positiveWholeNumber(DEFAULT_RETRY_POLICY.maxDelayMs).describe(
      'longest wait between attempts; at least NOTIFY_RETRY_BASE_MS',
    ),
    NOTIFY_MAX_ATTEMPTS: positiveWholeNumber(DEFAULT_RETRY_POLICY.maxAttempts).describe(
      'attempts before giving up',
    ),
    NOTIFY_GIVE_UP_AFTER_MS: positiveWholeNumber(DEFAULT_RETRY_POLICY.giveUpAfterMs).describe(
      '…or this long after the first',
    ),
    NOTIFY_POLL_INTERVAL_MS: positiveWholeNumber(2000).describe(
      "the delivery worker's sweep: a pass this often even when nothing woke it",
    ),
    NOTIFY_CONCURRENCY: positiveWholeNumber(4).describe('deliveries attempted at once'),
    NOTIFY_WEBHOOK_TIMEOUT_MS: positiveWholeNumber(10_000).describe(
      'how long a webhook receiver may take to answer',
    ),
    NOTIFY_LEASE_MS: positiveWholeNumber(30_000).describe(
      "how long an attempt holds its notification (and its phone), on the database's clock; one that crashed is tried again after it. Longer than NOTIFY_WEBHOOK_TIMEOUT_MS",
    ),
    NOTIFY_WEBHOOK_OUTAGE_AFTER: positiveWholeNumber(5).describe(
      "failed attempts in a row after which a department's webhook is said to be down (board, alert)",
    ),
    NOTIFY_WORKER_ENABLED: onOffSwitch(true).describe('false only for tests that drive the worker by hand'),
    NOTIFY_STREAM_HEARTBEAT_MS: positiveWholeNumber(15_000).describe(
      'SSE: a comment line this often keeps proxies from closing an idle stream',
    ),
    SMS_GATEWAY: oneOf(SMS_GATEWAY_KINDS, 'simulator').describe('simulator, or http (a real gateway)'),
    SMS_GATEWAY_URL: optionalEndpoint().describe('SMS_GATEWAY=http: where to POST'),
    SMS_GATEWAY_KEY: optionalText().describe("SMS_GATEWAY=http: the gateway's API key"),
    SMS_TEMPLATE_IDS: jsonObject(z.string()).describe(
      "the gateway's template id per message kind (and `bundle`, several in one text)",
    ),
    NOTIFY_SMS_LIMITS: envValue<SmsLimit[]>([...DEFAULT_SMS_LIMITS], readSmsLimits).describe(
      'texts per phone: at most <count> in any <seconds>, e.g. 1/60,5/900 (GoAlert, the default); off: none',
    ),
    NOTIFY_SMS_BUNDLE_MAX: positiveWholeNumber(5).describe('notifications bundled in one text at most'),
    SMS_INBOUND_SECRET: optionalText().describe(
      "the SMS gateway's signing secret for replies (POST /sms/inbound); unset: replies refused (dev: the published one)",
    ),
    SMS_INBOUND_MAX_AGE_SECONDS: positiveWholeNumber(300).describe(
      'a reply signed longer ago (or ahead) than this is refused as a replay',
    ),
  })
  .superRefine(...refuseDevelopmentInProduction)
  .superRefine(
    (value, ctx) => {
      if (value.SMS_GATEWAY === 'http' && !value.SMS_GATEWAY_URL)
        ctx.addIssue({
          code: 'custom',
          path: ['SMS_GATEWAY_URL'],
          message: 'must be set with SMS_GATEWAY=http',
        });
    },
    whenValid('SMS_GATEWAY', 'SMS_GATEWAY_URL'),
  )
  .superRefine(
    (value, ctx) => {
      if (value.NOTIFY_RETRY_MAX_DELAY_MS < value.NOTIFY_RETRY_BASE_MS)
        ctx.addIssue({
          code: 'custom',
          path: ['NOTIFY_RETRY_MAX_DELAY_MS'],
          message: 'must be at least NOTIFY_RETRY_BASE_MS',
        });
    },
    whenValid('NOTIFY_RETRY_BASE_MS', 'NOTIFY_RETRY_MAX_DELAY_MS'),
  )
  .superRefine(
    (value, ctx) => {
      // An attempt still waiting for its answer when its lease ran out would be made again beside it.
      if (value.NOTIFY_LEASE_MS <= value.NOTIFY_WEBHOOK_TIMEOUT_MS)
        ctx.addIssue({
          code: 'custom',
          path: ['NOTIFY_LEASE_MS'],
          message: 'must be longer than NOTIFY_WEBHOOK_TIMEOUT_MS',
        });
    },
    whenValid('NOTIFY_LEASE_MS', 'NOTIFY_WEBHOOK_TIMEOUT_MS'),
  )
  .superRefine(refuseGuessableInboundSecret, whenValid('CHUISHAO_DEV', 'SMS_INBOUND_SECRET'))
  .transform((env) => ({
    retry: validateRetryPolicy({
      baseDelayMs: env.NOTIFY_RETRY_BASE_MS,
      maxDelayMs: env.NOTIFY_RETRY_MAX_DELAY_MS,
      maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
      giveUpAfterMs: env.NOTIFY_GIVE_UP_AFTER_MS,
    }),
    pollIntervalMs: env.NOTIFY_POLL_INTERVAL_MS,
    concurrency: env.NOTIFY_CONCURRENCY,
    webhookTimeoutMs: env.NOTIFY_WEBHOOK_TIMEOUT_MS,
    leaseMs: env.NOTIFY_LEASE_MS,
    webhookOutageAfter: env.NOTIFY_WEBHOOK_OUTAGE_AFTER,
    /**
     * Where webhooks may point: https outside, never an inside address; CHUISHAO_DEV=1 also allows
     * http and loopback (the tests and the demo receive on 127.0.0.1), and nothing else inside.
     */
    webhookTargets: { development: env.CHUISHAO_DEV },
    workerEnabled: env.NOTIFY_WORKER_ENABLED,
    streamHeartbeatMs: env.NOTIFY_STREAM_HEARTBEAT_MS,
    sms: {
      gateway: env.SMS_GATEWAY,
      /** The real gateway (SMS_GATEWAY=http): where to POST, its API key, its template id per message kind. */
      endpoint: env.SMS_GATEWAY_URL,
      apiKey: env.SMS_GATEWAY_KEY,
      templateIds: env.SMS_TEMPLATE_IDS,
    },
    smsLimits: env.NOTIFY_SMS_LIMITS,
    smsBundleMax: env.NOTIFY_SMS_BUNDLE_MAX,
    smsInbound: {
      /** null: no reply is taken (fail closed: a forged reply would answer a summons). */
      secret: env.SMS_INBOUND_SECRET ?? (env.CHUISHAO_DEV ? DEVELOPMENT_SMS_INBOUND_SECRET : null),
      maxAgeSeconds: env.SMS_INBOUND_MAX_AGE_SECONDS,
    },
  }));

function readSmsLimits(text: string) {
  if (text === 'off') return [];
  try {
    return parseSmsLimits(text);
  } catch (error) {
    return refuse(`must be <count>/<seconds>,… or off, got ${text} (${(error as Error).message})`);
  }
}

/**
 * Outside development an inbound secret must be the deployer's own (32+ characters, not the
 * published one): a guessable one would let anyone acknowledge a summons for a department.
 */
function refuseGuessableInboundSecret(
  value: { CHUISHAO_DEV: boolean; SMS_INBOUND_SECRET?: string | null },
  ctx: z.core.$RefinementCtx,
): void {
  if (value.CHUISHAO_DEV || !value.SMS_INBOUND_SECRET) return;
  const problem = guessableSecretProblem(value.SMS_INBOUND_SECRET, [DEVELOPMENT_SMS_INBOUND_SECRET]);
  if (problem) ctx.addIssue({ code: 'custom', path: ['SMS_INBOUND_SECRET'], message: problem });
}

export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export function loadNotificationSettings(env: Environment = process.env): NotificationSettings {
  return loadSettings(notificationSettingsSchema, env);
}
