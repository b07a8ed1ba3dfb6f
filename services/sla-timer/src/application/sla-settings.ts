import type { DisputeType, Urgency } from '@chuishao/contracts';
import { validatePolicy, type EscalationPolicy } from '../domain/sla';

export const SLA_SETTINGS = Symbol.for('chuishao.sla-timer.Settings');

export interface SlaSettings {
  /** The policy a whistle gets when no override matches its dispute type and urgency. */
  defaultPolicy: EscalationPolicy;
  /**
   * Overrides by selector, most specific first: `<disputeType>:<urgency>`, `<disputeType>`,
   * `*:<urgency>` (SLA_POLICIES, a JSON object of partial policies).
   */
  policyOverrides: Record<string, Partial<EscalationPolicy>>;
  timers: TimerEngineSettings;
}

export interface TimerEngineSettings {
  /** Longest the firing loop sleeps when nothing is due sooner (SLA_TIMER_POLL_CAP_MS). */
  pollCapMs: number;
  /** The sweeper: a claim pass this often whatever the loop believes (SLA_TIMER_SWEEP_MS). */
  sweepIntervalMs: number;
  /** Timers claimed per transaction (SLA_TIMER_BATCH_SIZE). */
  batchSize: number;
  /** Off only for tests that drive the engine by hand (SLA_TIMER_ENABLED=false). */
  enabled: boolean;
}

function positiveInt(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0)
    throw new Error(`${name} must be a positive whole number, got ${raw}`);
  return value;
}

export function loadSlaSettings(env: NodeJS.ProcessEnv = process.env): SlaSettings {
  const defaultPolicy = validatePolicy({
    warningSeconds: positiveInt(env, 'SLA_WARNING_SECONDS', 600),
    escalationSeconds: positiveInt(env, 'SLA_ESCALATION_SECONDS', 900),
    levels: positiveInt(env, 'SLA_ESCALATION_LEVELS', 2),
  });
  let policyOverrides: Record<string, Partial<EscalationPolicy>> = {};
  if (env.SLA_POLICIES?.trim()) {
    try {
      policyOverrides = JSON.parse(env.SLA_POLICIES) as Record<string, Partial<EscalationPolicy>>;
    } catch (error) {
      throw new Error(`SLA_POLICIES must be a JSON object: ${String(error)}`);
    }
    for (const [selector, override] of Object.entries(policyOverrides))
      validatePolicy({ ...defaultPolicy, ...override }, `SLA_POLICIES.${selector}`);
  }
  return {
    defaultPolicy,
    policyOverrides,
    timers: {
      pollCapMs: positiveInt(env, 'SLA_TIMER_POLL_CAP_MS', 30000),
      sweepIntervalMs: positiveInt(env, 'SLA_TIMER_SWEEP_MS', 5000),
      batchSize: positiveInt(env, 'SLA_TIMER_BATCH_SIZE', 100),
      enabled: env.SLA_TIMER_ENABLED !== 'false',
    },
  };
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
