import { Inject, Injectable } from '@nestjs/common';
import { listScope, type CenterPost } from '@chuishao/auth';
import { CLOCK, type Clock } from '@chuishao/kernel';
import { scorecardPeriod } from '../../domain/scorecard-period';
import { TierScorecardRepository } from '../../infrastructure/persistence/tier-scorecard.repository';

const share = (part: number, whole: number) =>
  whole === 0 ? null : Math.round((part / whole) * 1000) / 1000;

/**
 * Where the cases of each center end (issue #19, 小事不出村、大事不出镇): of the cases closed in the
 * period at a center or below it, the share closed at a village, at a town and at the district.
 * A reader sees their center and those below it (the network for ops and a supervisor without a
 * center).
 */
@Injectable()
export class TierScorecard {
  constructor(
    private readonly repository: TierScorecardRepository,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async read(period: { from?: string; to?: string }, reader: CenterPost) {
    const { from, to } = scorecardPeriod(period, this.clock.now());
    const scope = listScope(reader);
    const rows =
      scope === 'none'
        ? []
        : await this.repository.resolvedByTier(from, to, scope === 'all' ? null : scope.within);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      items: rows.map((r) => ({
        ...r,
        shares: {
          village: share(r.atVillage, r.resolved),
          town: share(r.atTown, r.resolved),
          district: share(r.atDistrict, r.resolved),
        },
      })),
    };
  }
}
