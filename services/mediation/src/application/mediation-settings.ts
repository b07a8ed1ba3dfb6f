import { MEDIATION_TIER_LEVELS, type MediationTierLevel } from '@chuishao/contracts';
import { DEFAULT_LADDER_SPLIT_SECONDS, validateLadderSplit, type LadderSplit } from '../domain/ladder';

export const MEDIATION_SETTINGS = Symbol.for('chuishao.mediation.Settings');

export interface MediationSettings {
  /**
   * Seconds each tier level has (MEDIATION_LADDER_SECONDS: four comma-separated numbers, grid
   * worker first; default 1 + 2 + 2 + 2 days = the seven days of 四级七天).
   */
  ladder: LadderSplit;
  /** Where a mediation opened on WhistleCompleted starts (MEDIATION_START_LEVEL, grid_worker). */
  startLevel: MediationTierLevel;
  /**
   * The mediator on duty per governance center, assigned to mediations opened on WhistleCompleted
   * (MEDIATION_DEFAULT_MEDIATORS, a JSON object { "<centerId>": "<mediatorId>" }).
   */
  defaultMediators: Record<string, string>;
}

export function loadMediationSettings(env: NodeJS.ProcessEnv = process.env): MediationSettings {
  let ladder = DEFAULT_LADDER_SPLIT_SECONDS;
  if (env.MEDIATION_LADDER_SECONDS?.trim()) {
    const parts = env.MEDIATION_LADDER_SECONDS.split(',').map((p) => Number(p.trim()));
    if (parts.length !== MEDIATION_TIER_LEVELS.length)
      throw new Error(
        `MEDIATION_LADDER_SECONDS must list ${MEDIATION_TIER_LEVELS.length} durations (${MEDIATION_TIER_LEVELS.join(', ')})`,
      );
    ladder = Object.fromEntries(MEDIATION_TIER_LEVELS.map((level, i) => [level, parts[i]])) as LadderSplit;
  }
  validateLadderSplit(ladder, 'MEDIATION_LADDER_SECONDS');
  const startLevel = (env.MEDIATION_START_LEVEL?.trim() || 'grid_worker') as MediationTierLevel;
  if (!MEDIATION_TIER_LEVELS.includes(startLevel))
    throw new Error(`MEDIATION_START_LEVEL must be one of ${MEDIATION_TIER_LEVELS.join(', ')}`);
  let defaultMediators: Record<string, string> = {};
  if (env.MEDIATION_DEFAULT_MEDIATORS?.trim()) {
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
  }
  return { ladder, startLevel, defaultMediators };
}
