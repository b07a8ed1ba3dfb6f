import { MEDIATION_TIER_LEVELS, type MediationTierLevel } from '@chuishao/contracts';
import { days, describePeriod, type LegalPeriod } from '@chuishao/legal-calendar';

/**
 * The "four levels, seven days" (四级七天) ladder: how long each tier level has before the
 * mediation goes up to the next. The split of the seven days is configuration; the order of the
 * levels is the rule.
 */
export type LadderSplit = Record<MediationTierLevel, LegalPeriod>;

/** One day for the grid worker, two for each level above: seven in all, on the legal calendar. */
export const DEFAULT_LADDER_SPLIT: LadderSplit = {
  grid_worker: days(1),
  village_committee: days(2),
  town_center: days(2),
  town_government: days(2),
};

/**
 * The ladder as a mediation climbs it: the split, and where a period from an instant ends — the
 * legal calendar for days (from the next day; a last rest day moved to the next working day),
 * elapsed time for seconds.
 */
export interface Ladder {
  split: LadderSplit;
  endOf: (from: Date, period: LegalPeriod) => Date;
}

export function validateLadderSplit(split: LadderSplit, source = 'ladder split'): LadderSplit {
  for (const level of MEDIATION_TIER_LEVELS) {
    const period = split[level];
    if (!period || !Number.isInteger(period.count) || period.count <= 0)
      throw new Error(
        `${source}: ${level} must be a positive whole number, got ${period ? describePeriod(period) : period}`,
      );
  }
  return split;
}

/** The level above, or null at the top (the town party committee and government). */
export function nextTierLevel(level: MediationTierLevel): MediationTierLevel | null {
  const index = MEDIATION_TIER_LEVELS.indexOf(level);
  return MEDIATION_TIER_LEVELS[index + 1] ?? null;
}

export function levelDueAt(ladder: Ladder, level: MediationTierLevel, startedAt: Date): Date {
  return ladder.endOf(startedAt, ladder.split[level]);
}
