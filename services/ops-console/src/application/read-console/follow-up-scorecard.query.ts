import { Inject, Injectable } from '@nestjs/common';
import { listScope, type CenterPost } from '@chuishao/auth';
import { followUpRates } from '@chuishao/contracts';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { scorecardPeriod } from '../../domain/scorecard-period';
import {
  FollowUpScorecardRepository,
  type GroupedFollowUp,
} from '../../infrastructure/persistence/follow-up-scorecard.repository';

/** Each group's counts and rates, by the one definition (libs/contracts `followUpRates`). */
function ratesByGroup(followUps: readonly GroupedFollowUp[], now: Date) {
  const groups = new Map<string, GroupedFollowUp[]>();
  for (const f of followUps) groups.set(f.groupId, [...(groups.get(f.groupId) ?? []), f]);
  return [...groups.keys()].sort().map((id) => {
    const all = groups.get(id)!;
    return {
      id,
      followUps: all.length,
      answered: all.filter((f) => f.answer !== null).length,
      ...followUpRates(all, now),
    };
  });
}

/**
 * The follow-up rates (回访「三率」: response, resolution, satisfaction; issue #19 item 2) of the
 * cases closed in the period, per center (the center and every one below it) and per department
 * summoned to the cases, within the reader's centers.
 */
@Injectable()
export class FollowUpScorecard {
  constructor(
    private readonly repository: FollowUpScorecardRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async read(period: { from?: string; to?: string }, reader: CenterPost) {
    const now = this.clock.now();
    const { from, to } = scorecardPeriod(period, now);
    const scope = listScope(reader);
    const within = scope === 'all' || scope === 'none' ? null : scope.within;
    const [centers, departments] =
      scope === 'none'
        ? [[], []]
        : await Promise.all([
            this.repository.byCenter(from, to, within),
            this.repository.byDepartment(from, to, within),
          ]);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      centers: ratesByGroup(centers, now).map(({ id, ...rest }) => ({ centerId: id, ...rest })),
      departments: ratesByGroup(departments, now).map(({ id, ...rest }) => ({ departmentId: id, ...rest })),
    };
  }
}
