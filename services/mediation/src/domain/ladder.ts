import { MEDIATION_TIER_LEVELS, type MediationTierLevel } from '@chuishao/contracts';

/**
 * The "four levels, seven days" (四级七天) ladder: how long each tier level has before the
 * mediation goes up to the next. The split of the seven days is configuration; the order of the
 * levels is the rule.
 */
export type LadderSplit = Record<MediationTierLevel, number>;

/** One day for the grid worker, two for each level above: seven in all. */
export const DEFAULT_LADDER_SPLIT_SECONDS: LadderSplit = {
  grid_worker: 86_400,
  village_committee: 172_800,
  town_center: 172_800,
  town_government: 172_800,
};

export function validateLadderSplit(split: LadderSplit, source = 'ladder split'): LadderSplit {
  for (const level of MEDIATION_TIER_LEVELS) {
    const seconds = split[level];
    if (!Number.isInteger(seconds) || seconds <= 0)
      throw new Error(`${source}: ${level} must be a positive whole number of seconds, got ${seconds}`);
  }
  return split;
}

/** The level above, or null at the top (the town party committee and government). */
export function nextTierLevel(level: MediationTierLevel): MediationTierLevel | null {
  const index = MEDIATION_TIER_LEVELS.indexOf(level);
  return MEDIATION_TIER_LEVELS[index + 1] ?? null;
}

export function levelDueAt(split: LadderSplit, level: MediationTierLevel, startedAt: Date): Date {
  return new Date(startedAt.getTime() + split[level] * 1000);
}
