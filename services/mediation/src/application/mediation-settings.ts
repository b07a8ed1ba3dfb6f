import { DEFAULT_EVIDENCE_MAX_BYTES, MEDIATION_TIER_LEVELS, evidenceMaxBytesFrom } from '@chuishao/contracts';
import {
  envValue,
  jsonObject,
  loadSettings,
  oneOf,
  optionalPositiveWholeNumber,
  refuse,
  type Environment,
} from '@chuishao/kernel';
import { configuredPeriod, months } from '@chuishao/legal-calendar';
import { z } from 'zod';
import { DEFAULT_LADDER_SPLIT, validateLadderSplit, type LadderSplit } from '../domain/ladder';

export const MEDIATION_SETTINGS = Symbol.for('chuishao.mediation.Settings');

/** Four comma-separated durations, grid worker first, each checked by the domain's ladder rule. */
const ladderSplit = (name: string, unit: 'days' | 'seconds') =>
  envValue<LadderSplit | undefined>(undefined, (value) => {
    const parts = value.split(',').map((p) => Number(p.trim()));
    if (parts.length !== MEDIATION_TIER_LEVELS.length)
      return refuse(
        `must list ${MEDIATION_TIER_LEVELS.length} durations (${MEDIATION_TIER_LEVELS.join(', ')})`,
      );
    const split = Object.fromEntries(
      MEDIATION_TIER_LEVELS.map((level, i) => [level, { unit, count: parts[i] }]),
    ) as LadderSplit;
    try {
      return validateLadderSplit(split, name);
    } catch (error) {
      return refuse(`must hold positive whole numbers: ${(error as Error).message}`);
    }
  });

/** mediation's environment, each variable with its default and meaning (README "Settings"). */
export const mediationSettingsSchema = z
  .object({
    MEDIATION_LADDER_DAYS: ladderSplit('MEDIATION_LADDER_DAYS', 'days').describe(
      'the period of each tier level, grid worker first, on the legal calendar (1,2,2,2: the seven days of 四级七天)',
    ),
    MEDIATION_LADDER_SECONDS: ladderSplit('MEDIATION_LADDER_SECONDS', 'seconds').describe(
      'replaces MEDIATION_LADDER_DAYS with four elapsed durations (development, demo, tests)',
    ),
    MEDIATION_TIME_LIMIT_MONTHS: optionalPositiveWholeNumber().describe(
      "the whole mediation's time limit on the legal calendar (1)",
    ),
    MEDIATION_TIME_LIMIT_SECONDS: optionalPositiveWholeNumber().describe(
      'replaces MEDIATION_TIME_LIMIT_MONTHS with elapsed seconds',
    ),
    MEDIATION_START_LEVEL: oneOf(MEDIATION_TIER_LEVELS, 'grid_worker').describe(
      'where a mediation opened on WhistleCompleted starts',
    ),
    EVIDENCE_MAX_BYTES: envValue(DEFAULT_EVIDENCE_MAX_BYTES, (value) => {
      try {
        return evidenceMaxBytesFrom(value);
      } catch (error) {
        return refuse((error as Error).message);
      }
    }).describe('the largest photo or document kept as evidence of a mediation (10 MiB; at most 25 MiB)'),
    MEDIATION_DEFAULT_MEDIATORS: jsonObject(
      z.string().min(1),
      'a JSON object mapping center ids to mediator ids',
    ).describe(
      'the mediator on duty per governance center, assigned to mediations opened on WhistleCompleted',
    ),
  })
  .transform((env) => ({
    /** The period each tier level has, grid worker first. */
    ladder: env.MEDIATION_LADDER_SECONDS ?? env.MEDIATION_LADDER_DAYS ?? DEFAULT_LADDER_SPLIT,
    /** The whole mediation's time limit. */
    timeLimit: configuredPeriod(months(1), env.MEDIATION_TIME_LIMIT_MONTHS, env.MEDIATION_TIME_LIMIT_SECONDS),
    startLevel: env.MEDIATION_START_LEVEL,
    /** { "<centerId>": "<mediatorId>" } */
    defaultMediators: env.MEDIATION_DEFAULT_MEDIATORS,
    evidenceMaxBytes: env.EVIDENCE_MAX_BYTES,
  }));

export type MediationSettings = z.infer<typeof mediationSettingsSchema>;

export function loadMediationSettings(env: Environment = process.env): MediationSettings {
  return loadSettings(mediationSettingsSchema, env);
}
