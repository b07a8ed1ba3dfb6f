import { MEDIATION_TIER_LEVELS, type MediationTierLevel } from '@chuishao/contracts';
import { months, periodFromEnv, type LegalPeriod } from '@chuishao/legal-calendar';
import { DEFAULT_LADDER_SPLIT, validateLadderSplit, type LadderSplit } from '../domain/ladder';

export const MEDIATION_SETTINGS = Symbol.for('chuishao.mediation.Settings');

export interface MediationSettings {
  /**
   * The period each tier level has, grid worker first: MEDIATION_LADDER_DAYS (four
   * comma-separated whole days, default 1,2,2,2 = the seven days of 四级七天, counted on the legal
   * calendar), unless MEDIATION_LADDER_SECONDS gives four elapsed durations in seconds
   * (development, the demo and tests).
   */
  ladder: LadderSplit;
  /**
   * The whole mediation's time limit: MEDIATION_TIME_LIMIT_MONTHS (default 1, on the legal
   * calendar), unless MEDIATION_TIME_LIMIT_SECONDS gives elapsed seconds.
   */
  timeLimit: LegalPeriod;
  /** Where a mediation opened on WhistleCompleted starts (MEDIATION_START_LEVEL, grid_worker). */
  startLevel: MediationTierLevel;
  /**
   * The mediator on duty per governance center, assigned to mediations opened on WhistleCompleted
   * (MEDIATION_DEFAULT_MEDIATORS, a JSON object { "<centerId>": "<mediatorId>" }).
   */
  defaultMediators: Record<string, string>;
}

function ladderFromEnv(env: NodeJS.ProcessEnv): LadderSplit {
  const elapsed = env.MEDIATION_LADDER_SECONDS?.trim();
  const name = elapsed ? 'MEDIATION_LADDER_SECONDS' : 'MEDIATION_LADDER_DAYS';
  const raw = elapsed || env.MEDIATION_LADDER_DAYS?.trim();
  if (!raw) return DEFAULT_LADDER_SPLIT;
  const parts = raw.split(',').map((p) => Number(p.trim()));
  if (parts.length !== MEDIATION_TIER_LEVELS.length)
    throw new Error(
      `${name} must list ${MEDIATION_TIER_LEVELS.length} durations (${MEDIATION_TIER_LEVELS.join(', ')})`,
    );
  const unit = elapsed ? 'seconds' : 'days';
  const split = Object.fromEntries(
    MEDIATION_TIER_LEVELS.map((level, i) => [level, { unit, count: parts[i] }]),
  ) as LadderSplit;
  return validateLadderSplit(split, name);
}

function defaultMediatorsFromEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  if (!env.MEDIATION_DEFAULT_MEDIATORS?.trim()) return {};
  let defaultMediators: Record<string, string>;
  try {
    defaultMediators = JSON.parse(env.MEDIATION_DEFAULT_MEDIATORS) as Record<string, string>;
  } catch (error) {
    throw new Error(`MEDIATION_DEFAULT_MEDIATORS must be a JSON object: ${String(error)}`);
  }
  if (
    typeof defaultMediators !== 'object' ||
    defaultMediators === null ||
    Object.values(defaultMediators).some((m) => typeof m !== 'string' || m.length === 0)
  )
    throw new Error('MEDIATION_DEFAULT_MEDIATORS must map center ids to mediator ids');
  return defaultMediators;
}

export function loadMediationSettings(env: NodeJS.ProcessEnv = process.env): MediationSettings {
  const startLevel = (env.MEDIATION_START_LEVEL?.trim() || 'grid_worker') as MediationTierLevel;
  if (!MEDIATION_TIER_LEVELS.includes(startLevel))
    throw new Error(`MEDIATION_START_LEVEL must be one of ${MEDIATION_TIER_LEVELS.join(', ')}`);
  return {
    ladder: ladderFromEnv(env),
    timeLimit: periodFromEnv(
      env,
      { name: 'MEDIATION_TIME_LIMIT_MONTHS', fallback: months(1) },
      'MEDIATION_TIME_LIMIT_SECONDS',
    ),
    startLevel,
    defaultMediators: defaultMediatorsFromEnv(env),
  };
}
