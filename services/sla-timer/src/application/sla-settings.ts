import type { DisputeType, Urgency } from '@chuishao/contracts';
import {
  envValue,
  loadSettings,
  onOffSwitch,
  positiveWholeNumber,
  refuse,
  whenValid,
  type Environment,
} from '@chuishao/kernel';
import { z } from 'zod';
import { validatePolicy, type EscalationPolicy } from '../domain/sla';

export const SLA_SETTINGS = Symbol.for('chuishao.sla-timer.Settings');

/** SLA_POLICIES: a JSON object of partial policies by selector; each is checked over the default below. */
const policyOverrides = () =>
  envValue<Record<string, Partial<EscalationPolicy>>>({}, (value) => {
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed))
        return parsed as Record<string, Partial<EscalationPolicy>>;
      return refuse(`must be a JSON object, got ${value}`);
    } catch (error) {
      return refuse(`must be a JSON object: ${String(error)}`);
    }
  });

/** sla-timer's environment, each variable with its default and meaning (README "Settings"). */
export const slaSettingsSchema = z
  .object({
    SLA_WARNING_SECONDS: positiveWholeNumber(600).describe(
      'default policy: the warning fires this long before the deadline',
    ),
    SLA_ESCALATION_SECONDS: positiveWholeNumber(900).describe(
      'default policy: each escalation level after the first comes this long after the previous',
    ),
    SLA_ESCALATION_LEVELS: positiveWholeNumber(2).describe('default policy: how many levels the ladder has'),
    SLA_POLICIES: policyOverrides().describe(
      'overrides by selector, most specific first: `<disputeType>:<urgency>`, `<disputeType>`, `*:<urgency>`',
    ),
    SLA_TIMER_POLL_CAP_MS: positiveWholeNumber(30000).describe(
      'longest the firing loop sleeps when nothing is due sooner',
    ),
    SLA_TIMER_SWEEP_MS: positiveWholeNumber(5000).describe(
      'the sweeper: a claim pass this often whatever the loop believes',
    ),
    SLA_TIMER_BATCH_SIZE: positiveWholeNumber(500).describe('timers claimed per transaction'),
    SLA_TIMER_ENABLED: onOffSwitch(true).describe('false only for tests that drive the engine by hand'),
  })
  .superRefine(
    (value, ctx) => {
      for (const [selector, override] of Object.entries(value.SLA_POLICIES)) {
        try {
          validatePolicy({ ...defaultPolicyOf(value), ...override }, `SLA_POLICIES.${selector}`);
        } catch (error) {
          ctx.addIssue({ code: 'custom', path: ['SLA_POLICIES'], message: (error as Error).message });
        }
      }
    },
    whenValid('SLA_POLICIES', 'SLA_WARNING_SECONDS', 'SLA_ESCALATION_SECONDS', 'SLA_ESCALATION_LEVELS'),
  )
  .transform((env) => ({
    /** The policy a whistle gets when no override matches its dispute type and urgency. */
    defaultPolicy: defaultPolicyOf(env),
    /** Overrides by selector, most specific first (policyFor). */
    policyOverrides: env.SLA_POLICIES,
    timers: {
      pollCapMs: env.SLA_TIMER_POLL_CAP_MS,
      sweepIntervalMs: env.SLA_TIMER_SWEEP_MS,
      batchSize: env.SLA_TIMER_BATCH_SIZE,
      enabled: env.SLA_TIMER_ENABLED,
    },
  }));

function defaultPolicyOf(env: {
  SLA_WARNING_SECONDS: number;
  SLA_ESCALATION_SECONDS: number;
  SLA_ESCALATION_LEVELS: number;
}): EscalationPolicy {
  return {
    warningSeconds: env.SLA_WARNING_SECONDS,
    escalationSeconds: env.SLA_ESCALATION_SECONDS,
    levels: env.SLA_ESCALATION_LEVELS,
  };
}

export type SlaSettings = z.infer<typeof slaSettingsSchema>;
export type TimerEngineSettings = SlaSettings['timers'];

export function loadSlaSettings(env: Environment = process.env): SlaSettings {
  return loadSettings(slaSettingsSchema, env);
}

/** The policy frozen into a whistle when it is blown. */
export function policyFor(
  settings: SlaSettings,
  disputeType: DisputeType,
  urgency: Urgency,
): EscalationPolicy {
  const o = settings.policyOverrides;
  return {
    ...settings.defaultPolicy,
    ...o[`*:${urgency}`],
    ...o[disputeType],
    ...o[`${disputeType}:${urgency}`],
  };
}
